import type { TransportConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import { isStorageError } from '../errors/error-codes';
import type { ClaimInfo, ClaimOptions, DeadLetterPolicy, QueueMetadata, StoredMessage } from '../storage/types';
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

/** A new claim (`claims.create`): its id and the claimed messages, bodies as clients see them. */
export interface NewClaim {
  id: string;
  messages: StoredMessage[];
}

/**
 * Claim operations (operation table: claim_create, claim_get, claim_update,
 * claim_delete): typed data in and out; the transports render it.
 */
export class ClaimsApi {
  private readonly views: MessageViews;

  constructor(protected readonly deps: ApiDeps) {
    this.views = new MessageViews(() => this.limits, deps.logger);
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

  /**
   * Claims up to `limit` messages with the body's ttl/grace (defaults when
   * absent), moving messages over the dead-letter policy. Returns the claim
   * with bodies as clients see them, or null when nothing was claimed (also
   * when the queue does not exist: it is not created).
   */
  async create(ctx: RequestContext, queue: string, limit: number | undefined, body: RequestBody): Promise<NewClaim | null> {
    const request = this.creationRequest(limit, body);
    const { claim, metadata } = await guard('Claim could not be created.', async () => {
      const meta = await existingQueueMetadata(this.deps.control, ctx.project, queue);
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
