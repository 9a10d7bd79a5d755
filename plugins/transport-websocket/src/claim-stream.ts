/**
 * `claim_stream` (an extension): the server claims messages of one queue for
 * a connection as they arrive and pushes them, never holding more
 * unacknowledged messages for it than its credit. A message is acknowledged
 * (its credit returned) when the connection deletes it with the claim id
 * (`message_delete`) or by id (`message_delete_many`), releases its claim
 * (`claim_delete`), or the claim's ttl runs out. Waiting costs no store polling: the stream is one more long-poll
 * claimer in the queue's line. When the connection closes, every claim it
 * still holds is deleted at once, so its messages go to other consumers.
 */
import type { Logger, TransportConf } from '@zaqarjs/core';
import { type NewClaim, ParsedBody, type RequestApi, type RequestContext } from '@zaqarjs/core/api';
import { messageView } from './actions/messages';

/** What a stream claims with, as validated by the action. */
export interface ClaimStreamOptions {
  queue: string;
  ttl: number;
  grace: number;
  credit: number;
}

/** The push frame of a stream: the response envelope's `body`/`headers`, without a `request` (it answers none). */
export interface StreamFrame {
  headers: { status: 201; stream: 'claim_stream' };
  body: { queue_name: string; claim_id: string; messages: Record<string, unknown>[] };
}

/** Longest single wait of the loop (the long-poll bound); it simply waits again. */
const WAIT_SECONDS = 20;
/** Pause after a failed claim (store unavailable) before trying again. */
const RETRY_MS = 1000;

interface HeldClaim {
  messages: Set<string>;
  expiry: NodeJS.Timeout;
}

/** One queue streamed to one connection. */
export class ClaimStream {
  /** Unacknowledged message id → claim id. */
  private readonly unacked = new Map<string, string>();
  private readonly held = new Map<string, HeldClaim>();
  private readonly stop = new AbortController();
  private running = false;

  constructor(
    private readonly api: RequestApi,
    private readonly ctx: RequestContext,
    private readonly options: ClaimStreamOptions,
    private readonly push: (frame: StreamFrame) => void,
    private readonly logger: Logger,
  ) {}

  /** Messages pushed and not yet acknowledged. */
  get outstanding(): number {
    return this.unacked.size;
  }

  /** Claims and pushes while there is credit (no-op while already doing so). */
  start(): void {
    if (this.running || this.stop.signal.aborted) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      // Credit returned while the loop was finishing its last claim.
      if (this.hasCredit()) this.start();
    });
  }

  /** `message_delete` of a pushed message with its claim id succeeded. */
  acknowledge(messageId: string, claimId: string): void {
    if (this.settle(messageId, (held) => held === claimId)) this.start();
  }

  /** `message_delete_many` by ids succeeded (with `claim_ids`: only messages of those claims count). */
  acknowledgeMany(messageIds: readonly string[], claimIds?: readonly string[]): void {
    let settled = false;
    for (const id of messageIds) settled = this.settle(id, (held) => !claimIds || claimIds.includes(held)) || settled;
    if (settled) this.start();
  }

  /** The claim was released (`claim_delete`) or expired: its messages no longer count against the credit. */
  released(claimId: string): void {
    if (!this.held.has(claimId)) return;
    this.forget(claimId);
    this.start();
  }

  /** Stops claiming (a claim in flight is released when it returns). */
  halt(): void {
    this.stop.abort();
  }

  /** Stops claiming and deletes every claim still held (their messages become free at once). */
  async close(): Promise<void> {
    this.halt();
    const ids = [...this.held.keys()];
    ids.forEach((id) => this.forget(id));
    await Promise.all(ids.map((id) => this.release(id)));
  }

  /** Forgets a pushed message whose claim passes `matches`; whether it did. */
  private settle(messageId: string, matches: (claimId: string) => boolean): boolean {
    const claimId = this.unacked.get(messageId);
    if (claimId === undefined || !matches(claimId)) return false;
    this.unacked.delete(messageId);
    const claim = this.held.get(claimId);
    claim?.messages.delete(messageId);
    if (claim?.messages.size === 0) this.forget(claimId);
    return true;
  }

  private hasCredit(): boolean {
    return !this.stop.signal.aborted && this.api.claims.waiters.open && this.unacked.size < this.options.credit;
  }

  private async run(): Promise<void> {
    const { queue, ttl, grace } = this.options;
    const body = new ParsedBody({ ttl, grace }, 0);
    const maxPerClaim = this.api.deps.conf.group<TransportConf>('transport').max_messages_per_claim_or_pop;
    while (this.hasCredit()) {
      const limit = Math.min(this.options.credit - this.unacked.size, maxPerClaim);
      let claim: NewClaim | null;
      try {
        claim = await this.api.claims.create(this.ctx, queue, limit, body, { wait: WAIT_SECONDS, signal: this.stop.signal });
      } catch (error) {
        this.logger.warn({ err: error, queue, event: 'claim_stream_failed' }, 'A streamed claim failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
      if (!claim) continue;
      // Closed while claiming: the claim is nobody's, release it now.
      if (this.stop.signal.aborted) return void (await this.release(claim.id));
      this.hold(claim);
      this.push({
        headers: { status: 201, stream: 'claim_stream' },
        body: { queue_name: queue, claim_id: claim.id, messages: claim.messages.map((m) => messageView(m, claim.id)) },
      });
    }
  }

  private hold(claim: NewClaim): void {
    const expiry = setTimeout(() => this.released(claim.id), this.options.ttl * 1000);
    expiry.unref();
    this.held.set(claim.id, { messages: new Set(claim.messages.map((m) => m.id)), expiry });
    for (const message of claim.messages) this.unacked.set(message.id, claim.id);
  }

  private forget(claimId: string): void {
    const claim = this.held.get(claimId);
    if (!claim) return;
    clearTimeout(claim.expiry);
    for (const id of claim.messages) this.unacked.delete(id);
    this.held.delete(claimId);
  }

  private async release(claimId: string): Promise<void> {
    await this.api.claims.delete(this.ctx, this.options.queue, claimId).catch((error: unknown) => {
      this.logger.warn({ err: error, claim: claimId, event: 'claim_release_failed' }, 'Could not release the claim of a closed claim stream');
    });
  }
}
