import type { TransportConf } from '../config/options';
import { ApiError, apiErrors } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import type { QueueListItem, QueueMetadata, QueueStats } from '../storage/types';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { existingQueueMetadata } from './existing-queue';
import { applyMetadataPatch, JSON_PATCH_MEDIA_TYPE, parseMetadataPatch } from './json-patch';
import { checkQueueMetadata } from './queue-metadata';
import { objectBody } from './request-body';
import { guardFound } from './resource-errors';
import { guard } from './storage-guard';

const DEFAULT_LIMIT = 10;
const PURGEABLE = new Set(['messages', 'subscriptions']);
const SUBSCRIPTION_PAGE = 100;

/** The 415 body of a PATCH with the wrong media type (HEAD layout). */
function unsupportedPatchType(): ApiError {
  return new ApiError(415, '415 Unsupported Media Type', `Accepted media type for PATCH: {'Accept-Patch': '${JSON_PATCH_MEDIA_TYPE}'}.`);
}

/** What a queue listing asks for (`queues.list`). */
export interface QueuePageRequest {
  marker?: string;
  limit?: number;
  detailed?: boolean;
  name?: string;
  filters?: Record<string, unknown>;
  withCount?: boolean;
}

/** One page of a queue listing (`queues.list`). */
export interface QueuePage {
  queues: QueueListItem[];
  /** The marker after this page, when the store gave one. */
  marker?: string;
  /** The project's queue count with `withCount`, else 0. */
  count: number;
}

/**
 * Queue operations (operation table: queue_list, queue_create, queue_get,
 * queue_update, queue_delete, queue_stats, queue_purge): typed data in and
 * out; the transports render it.
 */
export class QueuesApi {
  constructor(protected readonly deps: ApiDeps) {}

  private get limits(): TransportConf {
    return this.deps.conf.group<TransportConf>('transport');
  }

  /**
   * One page of the project's queues (stored metadata as is when `detailed`),
   * the marker after it and, with `withCount`, the project's queue count.
   * 400 when `limit` is out of range.
   */
  async list(ctx: RequestContext, request: QueuePageRequest): Promise<QueuePage> {
    const { limit, withCount, ...options } = request;
    const max = this.limits.max_queues_per_page;
    if (limit !== undefined && !(limit > 0 && limit <= max)) throw apiErrors.badRequest(`Limit must be at least 1 and no greater than ${max}.`);
    return guard('Queues could not be listed.', async () => {
      const found = await this.deps.control.queues.list(ctx.project, { ...options, detailed: options.detailed ?? false, limit: limit ?? DEFAULT_LIMIT });
      const count = withCount ? await this.deps.control.queues.count(ctx.project) : 0;
      return { queues: found.items, marker: found.marker, count };
    });
  }

  /** Creates the queue with the body's metadata; `created` is false when it existed (metadata untouched). */
  async create(ctx: RequestContext, name: string, body: RequestBody): Promise<{ created: boolean }> {
    const max = this.limits.max_queue_metadata;
    if (body.length > max) throw apiErrors.badRequest(`Queue metadata is too large. Max size: ${max}`);
    const metadata = body.present ? objectBody(body) : undefined;
    checkQueueMetadata(metadata, this.limits, 'Invalid API request');
    try {
      const created = await this.changingMetadata(ctx.project, name, () =>
        guard('Queue could not be created.', () => this.deps.control.queues.create(ctx.project, name, metadata ?? {})),
      );
      return { created };
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_FLAVOR_DOES_NOT_EXIST')) throw apiErrors.badRequest(error.message);
      throw error;
    }
  }

  /** The queue's metadata exactly as stored; `{}` for a missing queue. */
  get(ctx: RequestContext, name: string): Promise<QueueMetadata> {
    return guard('Queue metadata could not be retrieved.', () => this.deps.control.queues.get(ctx.project, name));
  }

  /**
   * Applies a JSON patch to the queue's metadata; `contentType` is the
   * patch's media type. Returns the metadata as now stored.
   */
  async update(ctx: RequestContext, name: string, body: RequestBody, contentType: string | undefined): Promise<QueueMetadata> {
    const max = this.limits.max_queue_metadata;
    if (body.length > max) throw apiErrors.invalidBody(`Queue metadata is too large. Max size: ${max}`);
    if (contentType !== JSON_PATCH_MEDIA_TYPE) throw unsupportedPatchType();
    if (!body.present) throw apiErrors.invalidBody('PATCH body could not be empty for update.');
    const changes = parseMetadataPatch(body.parse());
    const stored = await guardFound('Queue could not be updated.', () => this.deps.control.queues.getMetadata(ctx.project, name));
    const metadata = applyMetadataPatch(stored, changes);
    checkQueueMetadata(metadata, this.limits, 'Invalid request body');
    await this.changingMetadata(ctx.project, name, () =>
      guardFound('Queue could not be updated.', () => this.deps.control.queues.setMetadata(ctx.project, name, metadata)),
    );
    return metadata;
  }

  /** Deletes the queue and its messages; subscriptions stay (documented behaviour). */
  async delete(ctx: RequestContext, name: string): Promise<void> {
    await this.changingMetadata(ctx.project, name, () =>
      guard('Queue could not be deleted.', async () => {
        await this.deps.data.messages.deleteAll(ctx.project, name);
        await this.deps.control.queues.delete(ctx.project, name);
      }),
    );
  }

  /** The store's counts for the queue, or undefined when the queue does not exist. */
  async stats(ctx: RequestContext, name: string): Promise<QueueStats | undefined> {
    try {
      return await guard('Queue stats could not be read.', async () =>
        (await this.deps.control.queues.exists(ctx.project, name)) ? this.deps.data.messages.stats(ctx.project, name) : undefined,
      );
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return undefined;
      throw error;
    }
  }

  /** Deletes the queue's `messages` and/or `subscriptions` (other names are ignored); metadata stays. */
  async purge(ctx: RequestContext, name: string, types: readonly unknown[]): Promise<void> {
    await guard('Queue could not be purged.', async () => {
      if (types.includes('messages')) await this.deps.data.messages.deleteAll(ctx.project, name);
      if (types.includes('subscriptions')) await this.deleteSubscriptions(ctx.project, name);
    });
  }

  /** Whether the queue exists (its metadata can be read); store failures are thrown as they are. */
  async exists(ctx: RequestContext, name: string): Promise<boolean> {
    return (await existingQueueMetadata(this.deps.control, ctx.project, name)) !== undefined;
  }

  private async deleteSubscriptions(project: string, queue: string): Promise<void> {
    const subscriptions = this.deps.data.subscriptions;
    let marker: string | undefined;
    for (;;) {
      const page = await subscriptions.list(project, queue, { marker, limit: SUBSCRIPTION_PAGE });
      for (const subscription of page.items) await subscriptions.delete(project, queue, subscription.id);
      if (page.items.length === 0 || !page.marker) return;
      marker = page.marker;
    }
  }

  /** Runs a change to the queue's metadata or existence, then drops what the post path remembers of it (even when the change failed half-way). */
  private async changingMetadata<T>(project: string, name: string, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      this.deps.queueMetadata?.forget(project, name);
      this.deps.deliveries?.forgetFanout?.(project, name);
    }
  }
}

/** The resource types a purge body names: all of them without a body; 400 when the body is malformed. */
export function purgeTypesOf(body: RequestBody): string[] {
  if (!body.present) return [...PURGEABLE];
  const document = body.parse();
  if (Array.isArray(document) || !document || !('resource_types' in (document as object))) {
    throw apiErrors.badRequest('Post body must contain key "resource_types".');
  }
  const types = (document as { resource_types: unknown }).resource_types;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && PURGEABLE.has(t))) {
    throw apiErrors.badRequest("Resource types must be a sub set of {'subscriptions', 'messages'}.");
  }
  return types as string[];
}
