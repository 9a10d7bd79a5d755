/**
 * Shared in-memory state of the test store: one ordered log of messages and
 * a claim table per (project, queue). Everything runs synchronously inside
 * each async method, so every operation is atomic in Node's single thread.
 */

/** A stored message with its lifecycle fields (times in UNIX seconds). */
export interface MessageRecord {
  id: string;
  /** Per-queue position; markers are positions, so a deleted marker message still pages correctly. */
  seq: number;
  body: unknown;
  ttl: number;
  created: number;
  expires: number;
  delayUntil: number;
  clientId: string;
  claimId: string | null;
  claimCount: number;
  checksum?: string;
}

export interface ClaimRecord {
  id: string;
  ttl: number;
  /** Creation or last renewal. */
  renewed: number;
  expires: number;
  messageIds: Set<string>;
}

export interface QueueData {
  nextSeq: number;
  /** In position order. */
  messages: MessageRecord[];
  byId: Map<string, MessageRecord>;
  claims: Map<string, ClaimRecord>;
}

export interface SubscriptionRecord {
  id: string;
  subscriber: string;
  ttl: number;
  /** Creation or last ttl change. */
  since: number;
  options: Record<string, unknown>;
  confirmed: boolean;
}

/** The clock every time decision uses. */
export type Clock = () => number;

export const realClock: Clock = () => Math.floor(Date.now() / 1000);

/** All data of one memory data store. */
export class MemoryState {
  readonly queues = new Map<string, QueueData>();
  readonly subscriptions = new Map<string, Map<string, SubscriptionRecord>>();

  constructor(readonly now: Clock) {}

  static key(project: string, queue: string): string {
    return `${project}\u0000${queue}`;
  }

  queue(project: string, queue: string): QueueData | undefined {
    return this.queues.get(MemoryState.key(project, queue));
  }

  queueOrCreate(project: string, queue: string): QueueData {
    const key = MemoryState.key(project, queue);
    let data = this.queues.get(key);
    if (!data) {
      data = { nextSeq: 1, messages: [], byId: new Map(), claims: new Map() };
      this.queues.set(key, data);
    }
    return data;
  }

  /** The live claim holding `message`, if any. */
  liveClaim(data: QueueData, message: MessageRecord, now = this.now()): ClaimRecord | undefined {
    if (!message.claimId) return undefined;
    const claim = data.claims.get(message.claimId);
    return claim && claim.expires > now && claim.messageIds.has(message.id) ? claim : undefined;
  }

  isLive(message: MessageRecord, now = this.now()): boolean {
    return message.expires > now;
  }

  removeMessage(data: QueueData, message: MessageRecord): void {
    data.byId.delete(message.id);
    const at = data.messages.indexOf(message);
    if (at >= 0) data.messages.splice(at, 1);
    if (message.claimId) data.claims.get(message.claimId)?.messageIds.delete(message.id);
  }
}
