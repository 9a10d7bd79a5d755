import type { TransportConf } from '../config/options';
import type { StoredMessage } from '../storage/types';
import type { Logger } from '../util/logger';
import { MessageCrypto } from './message-crypto';

/** The shipped default of `message_encryption_key`, which protects nothing. */
const DEFAULT_KEY = 'AES256';

/** Standard message form (list, get, get-by-ids, claims). */
export interface MessageView {
  id: string;
  href: string;
  ttl: number;
  age: number;
  body: unknown;
  checksum?: string;
}

/** Pop form (`DELETE ?pop=`): no href, with claim fields. */
export interface PopView {
  id: string;
  age: number;
  ttl: number;
  body: unknown;
  claim_id: string | null;
  claim_count: number;
  checksum?: string;
}

/** `/v2/queues/{queue}/messages`, the base of every message href. */
export function messagesPath(queue: string): string {
  return `/v2/queues/${queue}/messages`;
}

/** A message href, with `?claim_id=` while a live claim holds it. */
export function messageHref(queue: string, id: string, claimId: string | null | undefined): string {
  return claimId ? `${messagesPath(queue)}/${id}?claim_id=${claimId}` : `${messagesPath(queue)}/${id}`;
}

/**
 * Renders stored messages for clients, decrypting bodies of encrypted queues
 * everywhere a body is returned (the reference forgot claims and pop).
 */
export class MessageViews {
  private crypto?: MessageCrypto;

  constructor(private readonly transport: () => TransportConf, private readonly logger: Logger) {}

  /** The cipher for `[transport] message_encryption_key`, built on first use. */
  cipher(): MessageCrypto {
    if (!this.crypto) {
      const key = this.transport().message_encryption_key;
      if (key === DEFAULT_KEY) this.logger.warn({}, '[transport] message_encryption_key is the default; encrypted queues are not protected until it is changed');
      this.crypto = new MessageCrypto(key);
    }
    return this.crypto;
  }

  /** The body a client sees: decrypted on encrypted queues; left as stored when it is not our ciphertext. */
  body(message: StoredMessage, encrypted: boolean): unknown {
    if (!encrypted) return message.body;
    const result = this.cipher().decrypt(message.body);
    if (!result.ok) this.logger.warn({ messageId: message.id }, 'Message body could not be decrypted; returned as stored');
    return result.body;
  }

  /** The message with the body a client sees (see `body`). */
  decoded(message: StoredMessage, encrypted: boolean): StoredMessage {
    return encrypted ? { ...message, body: this.body(message, encrypted) } : message;
  }

  /** Standard form; `claimId` defaults to the live claim the store reported. */
  standard(message: StoredMessage, queue: string, encrypted: boolean, claimId = message.claimId): MessageView {
    const view: MessageView = {
      id: message.id,
      href: messageHref(queue, message.id, claimId),
      ttl: message.ttl,
      age: message.age,
      body: this.body(message, encrypted),
    };
    if (message.checksum) view.checksum = message.checksum;
    return view;
  }

  /** Pop form. */
  pop(message: StoredMessage, encrypted: boolean): PopView {
    const view: PopView = {
      id: message.id,
      age: message.age,
      ttl: message.ttl,
      body: this.body(message, encrypted),
      claim_id: message.claimId,
      claim_count: message.claimCount,
    };
    if (message.checksum) view.checksum = message.checksum;
    return view;
  }
}
