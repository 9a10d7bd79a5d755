/** What a store keeps under one Idempotency-Key of one (project, queue). */
export interface IdempotencyRecord {
  /** SHA-256 (hex) of the canonical messages of the post that took the key. */
  fingerprint: string;
  /** The ids that post stored, in request order; absent while it is still in flight. */
  ids?: string[];
}

/** A caller's bid for a key: its fingerprint, a token only it knows, how long an unfinished bid holds. */
export interface IdempotencyReservation {
  fingerprint: string;
  /** Random; complete() and release() act only while this token holds the key. */
  token: string;
  /** Seconds the key stays taken if the holder never completes (a crashed node). */
  leaseSeconds: number;
}

/**
 * Idempotency keys of message posts (optional store capability, `DataDriver.idempotency`).
 * Records live in the message store so every API node sharing it sees them; each is
 * scoped by (project, queue) and dropped once expired (reads treat expired as absent).
 */
export interface IdempotencyController {
  /**
   * Atomically takes `key` for `reservation` when no unexpired record holds it and returns
   * undefined; otherwise returns the record holding it (the caller did not take it).
   */
  reserve(project: string, queue: string, key: string, reservation: IdempotencyReservation): Promise<IdempotencyRecord | undefined>;
  /** Stores the holder's ids, kept `windowSeconds` from now; nothing when `token` no longer holds the key. */
  complete(project: string, queue: string, key: string, token: string, ids: string[], windowSeconds: number): Promise<void>;
  /** Gives the key up (its post failed); nothing when `token` no longer holds it. */
  release(project: string, queue: string, key: string, token: string): Promise<void>;
  /** Removes expired records; returns how many went (0 where the store expires them itself). */
  collectGarbage(): Promise<number>;
}
