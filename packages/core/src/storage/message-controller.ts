import type { MessageListOptions, NewMessage, Page, QueueStats, StoredMessage } from './types';
import type { GarbageResult } from './garbage';

/**
 * Messages of one queue. Every method is scoped by (project, queue): an id of
 * another queue or project is "does not exist". Expired messages are never
 * returned, whether or not a collector has removed them yet.
 */
export interface MessageController {
  /** Stores a batch atomically after every message already in the queue; returns ids in request order. */
  post(project: string, queue: string, messages: NewMessage[], clientId: string): Promise<string[]>;
  /** Oldest-first page after `marker`, filtered before the limit is applied. */
  list(project: string, queue: string, options: MessageListOptions): Promise<Page<StoredMessage>>;
  /** One message regardless of claim/delay state. Throws MessageDoesNotExist. */
  get(project: string, queue: string, id: string): Promise<StoredMessage>;
  /** The listed messages that exist; unknown or malformed ids are skipped. */
  bulkGet(project: string, queue: string, ids: string[]): Promise<StoredMessage[]>;
  /**
   * Deletes one message (idempotent when missing). Throws MessageIsClaimed,
   * MessageNotClaimed, MessageNotClaimedBy or ClaimDoesNotExist per the delete rules;
   * a claim id this store could never have issued (malformed) is ClaimDoesNotExist
   * even on a message no claim holds, as in the reference.
   */
  delete(project: string, queue: string, id: string, claimId?: string): Promise<void>;
  /**
   * Deletes the listed messages. With `claimIds`, every listed existing message must be
   * held by one of them, else nothing is deleted and MessageNotClaimed/MessageNotClaimedBy is thrown.
   */
  bulkDelete(project: string, queue: string, ids: string[], claimIds?: string[]): Promise<void>;
  /** Atomically removes and returns up to `limit` free (unclaimed, undelayed) messages, oldest first. */
  pop(project: string, queue: string, limit: number): Promise<StoredMessage[]>;
  /** Counts and oldest/newest of the queue (zero counts when it has no messages). */
  stats(project: string, queue: string): Promise<QueueStats>;
  /** Removes every message and claim of the queue (purge, queue delete). */
  deleteAll(project: string, queue: string): Promise<void>;
  /**
   * Removes expired messages, claims (releasing what they held) and subscriptions; resolves with
   * how many of each went (a plain total is accepted from stores that cannot tell them apart).
   */
  collectGarbage(): Promise<GarbageResult>;
}
