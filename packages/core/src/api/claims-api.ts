import type { TransportConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import { isStorageError } from '../errors/error-codes';
import type { ClaimInfo, ClaimOptions, DeadLetterPolicy, QueueMetadata, StoredMessage } from '../storage/types';
import { claimWaitMs } from './claim-wait';
import { ClaimWaiters } from './claim-waiters';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { existingQueueMetadata } from './existing-queue';
import { MessageViews } from './message-views';
import { isEncryptedQueue } from './queue-metadata';
import { checkFieldType, objectBody, pyInt } from './request-body';
import { guardFound } from './resource-errors';
import { guard } from './storage-guard';

const DEFAULT_CLAIM_LIMIT = 10;
const MIN_CLAIM_TTL = 60;
const MIN_CLAIM_GRACE = 60;

/**
 * The dead-letter policy of a queue: active when the stored metadata
 * has both `_max_claim_count` (a number) and `_dead_letter_queue` (a name).
 */
export function deadLetterPolicy(metadata: QueueMetadata): DeadLetterPolicy | undefined {
  const max = metadata._max_claim_count;
  const queue = metadata._dead_letter_queue;
  if (typeof max !== 'number' || typeof queue !== 'string' || queue === '') return undefined;
  const ttl = metadata._dead_letter_queue_messages_ttl;
  return { maxClaimCount: max, queue, messagesTtl: typeof ttl === 'number' && ttl > 0 ? ttl : undefined };
}

/**
 * Resolves in the check phase of the current event-loop turn (one shared immediate for every
 * claim of the turn): after the request handlers run from this poll phase, posts among them.
 */
let turnGate: Promise<void> | undefined;
function afterThisTurn(): Promise<void> {
  turnGate ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turnGate = undefined;
      resolve();
    }),
  );
  return turnGate;
}

/** A new claim (`claims.create`): its id and the claimed messages, bodies as clients see them. */
export interface NewClaim {
  id: string;
  messages: StoredMessage[];
}

/** A long-poll (extension): how long to wait for a message when none is free, and when to stop waiting early. */
export interface LongPoll {
  /** The raw `wait` value (seconds, 0 < N <= 20; `?wait=` over HTTP, the body's `wait` over websocket); absent: no wait. */
  wait?: unknown;
  /** Aborts the wait (the client went away). */
  signal?: AbortSignal;
}

/**
 * Claim operations (operation table: claim_create, claim_get, claim_update,
 * claim_delete): typed data in and out; the transports render it.
 */
export class ClaimsApi {
  private readonly views: MessageViews;
  /** Long-poll claimers of this process, woken by post notices. */
  readonly waiters: ClaimWaiters;

  constructor(protected readonly deps: ApiDeps) {
    this.views = new MessageViews(() => this.limits, deps.logger);
    this.waiters = deps.claimWaiters ?? new ClaimWaiters(deps.posts);
  }

  private get limits(): TransportConf {
    return this.deps.conf.group<TransportConf>('transport');
  }

  /** ttl/grace of a claim body: typed fields (booleans count as 1/0), server defaults for missing ones, other fields ignored. */
  private claimOptions(body: RequestBody, required: boolean): ClaimOptions {
    const limits = this.limits;
    if (!body.present && !required) return { ttl: limits.default_claim_ttl, grace: limits.default_claim_grace };
    const doc = objectBody(body);
    checkFieldType(doc, 'ttl', 'int');
    checkFieldType(doc, 'grace', 'int');
    return {
      ttl: 'ttl' in doc ? pyInt(doc.ttl) : limits.default_claim_ttl,
      grace: 'grace' in doc ? pyInt(doc.grace) : limits.default_claim_grace,
    };
  }

  private checkTtl(ttl: number): void {
    const max = this.limits.max_claim_ttl;
    if (ttl < MIN_CLAIM_TTL || ttl > max) {
      throw apiErrors.badRequest(`The TTL for a claim may not exceed ${max} seconds, and must be at least ${MIN_CLAIM_TTL} seconds long.`);
    }
  }

  /** The reference's check order of a claim create, after the limit parse: body, ttl range, limit range, grace range. */
  private creationRequest(limit: number | undefined, body: RequestBody): ClaimOptions & { limit: number } {
    const limits = this.limits;
    const options = this.claimOptions(body, false);
    this.checkTtl(options.ttl);
    const maxLimit = limits.max_messages_per_claim_or_pop;
    if (limit !== undefined && !(limit > 0 && limit <= maxLimit)) {
      throw apiErrors.badRequest(`Limit must be at least 1 and may not be greater than ${maxLimit}.`);
    }
    if (options.grace < MIN_CLAIM_GRACE || options.grace > limits.max_claim_grace) {
      throw apiErrors.badRequest(
        `The grace for a claim may not exceed ${limits.max_claim_grace} seconds, and must be at least ${MIN_CLAIM_GRACE} seconds long.`,
      );
    }
    return { ...options, limit: limit ?? DEFAULT_CLAIM_LIMIT };
  }

  /** A claim body's ttl and grace, defaults filled in and range-checked as for a claim create (400 otherwise). */
  checkedOptions(body: RequestBody): ClaimOptions {
    const { ttl, grace } = this.creationRequest(undefined, body);
    return { ttl, grace };
  }

  /**
   * Claims up to `limit` messages with the body's ttl/grace (defaults when
   * absent), moving messages over the dead-letter policy. Returns the claim
   * with bodies as clients see them, or null when nothing was claimed (also
   * when the queue does not exist: it is not created). With `longPoll.wait`,
   * when nothing is free it waits (in line with the queue's other waiters)
   * for a post, the wait's end, an abort or the server's drain.
   */
  async create(ctx: RequestContext, queue: string, limit: number | undefined, body: RequestBody, longPoll: LongPoll = {}): Promise<NewClaim | null> {
    const request = this.creationRequest(limit, body);
    const waitMs = claimWaitMs(longPoll.wait);
    if (waitMs === undefined || !this.waiters.open || longPoll.signal?.aborted) return this.claimOnce(ctx, queue, request);
    return this.claimWaiting(ctx, queue, request, Date.now() + waitMs, longPoll.signal);
  }

  /**
   * Joins the queue's line of waiters, then claims at once and each time it is woken, until a claim
   * succeeds or the wait ends. Joining first means a post during the first attempt is not missed,
   * with one store claim per request when messages are free.
   */
  private async claimWaiting(
    ctx: RequestContext,
    queue: string,
    request: ClaimOptions & { limit: number },
    deadline: number,
    signal?: AbortSignal,
  ): Promise<NewClaim | null> {
    const waiter = await this.waiters.join(ctx.project, queue);
    // Names the process (pid) that holds the wait: cluster tests tell workers apart by it.
    this.deps.logger.debug({ event: 'claim_waiting', queue }, 'Long-poll claim in line');
    try {
      let claim = await this.claimOnce(ctx, queue, request);
      while (!claim) {
        if (!(await waiter.sleep(deadline, signal))) return null;
        claim = await this.claimOnce(ctx, queue, request);
      }
      // A full batch may have left more messages free: the next waiter looks too.
      if (claim.messages.length >= request.limit) this.waiters.wakeNext(ctx.project, queue);
      return claim;
    } finally {
      waiter.leave();
    }
  }

  private async claimOnce(ctx: RequestContext, queue: string, request: ClaimOptions & { limit: number }): Promise<NewClaim | null> {
    // Claims look once the requests read in this event-loop turn have started, so they see the
    // posts that arrived with them: a consumer polling next to producers otherwise got 204s while
    // messages were on their way, and claimed one message per request instead of a turn's worth.
    await afterThisTurn();
    const { claim, metadata } = await guard('Claim could not be created.', async () => {
      const meta = await existingQueueMetadata(this.deps.control, ctx.project, queue, this.deps.queueMetadata);
      if (!meta) return { claim: null, metadata: {} };
      // The dead-letter queue is not created (reference): moved messages wait, unseen, until someone creates it.
      const created = await this.deps.data.claims.create(ctx.project, queue, { ...request, deadLetter: deadLetterPolicy(meta) });
      return { claim: created, metadata: meta };
    });
    if (!claim || claim.messages.length === 0) return null;
    const encrypted = isEncryptedQueue(metadata);
    return { id: claim.id, messages: claim.messages.map((m) => this.views.decoded(m, encrypted)) };
  }

  /** The live claim with its messages (bodies as clients see them); 404 with the store's text when unknown. */
  async get(ctx: RequestContext, queue: string, claimId: string): Promise<ClaimInfo> {
    const { info, metadata } = await guardFound('Claim could not be queried.', async () => ({
      info: await this.deps.data.claims.get(ctx.project, queue, claimId),
      metadata: await this.deps.control.queues.get(ctx.project, queue),
    }));
    const encrypted = isEncryptedQueue(metadata);
    return { ...info, messages: info.messages.map((m) => this.views.decoded(m, encrypted)) };
  }

  /** Renews the claim: body required, missing fields take defaults, only ttl is range-checked; 404 when unknown. */
  async update(ctx: RequestContext, queue: string, claimId: string, body: RequestBody): Promise<void> {
    const options = this.claimOptions(body, true);
    this.checkTtl(options.ttl);
    await guardFound('Claim could not be updated.', () => this.deps.data.claims.update(ctx.project, queue, claimId, options));
  }

  /** Releases the claim; an unknown claim is no error. */
  async delete(ctx: RequestContext, queue: string, claimId: string): Promise<void> {
    await guard('Claim could not be deleted.', () => this.deps.data.claims.delete(ctx.project, queue, claimId)).catch((error: unknown) => {
      if (!isStorageError(error, 'not-found')) throw error;
    });
  }
}
