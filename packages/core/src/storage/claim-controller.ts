import type { ClaimCreateOptions, ClaimInfo, ClaimOptions, StoredMessage } from './types';

/**
 * Claims: leases on batches of messages. Two concurrent creates never hand out
 * the same message while its claim lives.
 */
export interface ClaimController {
  /**
   * Claims up to `limit` free messages oldest first, extending messages that would
   * expire before the claim (ttl := claim ttl + grace). Messages over the dead-letter
   * policy's count are moved to its queue instead. Returns null when nothing was claimed.
   */
  create(project: string, queue: string, options: ClaimCreateOptions): Promise<{ id: string; messages: StoredMessage[] } | null>;
  /** The live claim and the messages it still holds. Throws ClaimDoesNotExist. */
  get(project: string, queue: string, claimId: string): Promise<ClaimInfo>;
  /** Renews: expiry := now + ttl on the claim and its messages. Throws ClaimDoesNotExist. */
  update(project: string, queue: string, claimId: string, options: ClaimOptions): Promise<void>;
  /** Releases the claim; its messages become free at once. Idempotent. */
  delete(project: string, queue: string, claimId: string): Promise<void>;
}
