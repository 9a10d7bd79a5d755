import type { TransportConf } from '../config/options';
import type { StoredMessage } from '../storage/types';
import type { Logger } from '../util/logger';
import { MessageCrypto } from './message-crypto';

/** The shipped default of `message_encryption_key`, which protects nothing. */
const DEFAULT_KEY = 'AES256';

/**
 * Message bodies as clients see them: decrypted on encrypted queues
 * everywhere a body is returned (the reference forgot claims and pop). The
 * transports render the messages.
 */
export class MessageViews {
  private crypto?: MessageCrypto;

  constructor(
    private readonly transport: () => TransportConf,
    private readonly logger: Logger,
  ) {}

  /** The cipher for `[transport] message_encryption_key`, built on first use. */
  cipher(): MessageCrypto {
    if (!this.crypto) {
      const key = this.transport().message_encryption_key;
      if (key === DEFAULT_KEY)
        this.logger.warn({}, '[transport] message_encryption_key is the default; encrypted queues are not protected until it is changed');
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
}
