import type { TransportConf } from '../config/options';
import { ApiError, apiErrors } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import type { QueueListItem, QueueMetadata, QueueStats } from '../storage/types';
import type { ApiDeps, ApiResult, RequestBody, RequestContext } from './context';
import { applyMetadataPatch, JSON_PATCH_MEDIA_TYPE, parseMetadataPatch } from './json-patch';
import { boolParam, intParam, nextLink, type Query, stringParam } from './query-params';
import { checkQueueMetadata, withReservedDefaults } from './queue-metadata';
import { objectBody } from './request-body';
import { guardFound } from './resource-errors';
import { guard } from './storage-guard';

const QUEUES_PATH = '/v2/queues';
const DEFAULT_LIMIT = 10;
const LISTING_PARAMS = new Set(['marker', 'limit', 'detailed', 'name', 'with_count']);
const PURGEABLE = new Set(['messages', 'subscriptions']);
const SUBSCRIPTION_PAGE = 100;

/** The 415 body of a PATCH with the wrong media type (HEAD layout, spec §6.5). */
function unsupportedPatchType(): ApiError {
  return new ApiError(415, '415 Unsupported Media Type', `Accepted media type for PATCH: {'Accept-Patch': '${JSON_PATCH_MEDIA_TYPE}'}.`);
}

/** ISO-8601 UTC without fraction, as the reference prints `created`. */
function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The non-listing parameters of a queue listing, as sent: they filter on metadata. */
function filterParams(query: Query): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!LISTING_PARAMS.has(key) && value !== undefined && value !== '') params[key] = value;
  }
  return params;
}

/** Metadata filters: integer-looking values compare as numbers, like the reference. */
function metadataFilters(params: Record<string, string>): Record<string, unknown> | undefined {
  const entries = Object.entries(params).map(([key, value]) => [key, /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** What a queue listing asks for (`page`). */
export interface QueuePageRequest {
  marker?: string;
  limit?: number;
  detailed?: boolean;
  name?: string;
  filters?: Record<string, unknown>;
  withCount?: boolean;
}

/** Queue resources: list, create, get, update (JSON patch), delete, stats, purge. */
export class QueuesApi {
  constructor(protected readonly deps: ApiDeps) {}

  private get limits(): TransportConf {
    return this.deps.conf.group<TransportConf>('transport');
  }

  /** `GET /v2/queues` (§6.2). */
  async list(ctx: RequestContext, query: Query): Promise<ApiResult> {
    const marker = stringParam(query, 'marker');
    const limit = intParam(query, 'limit');
    const detailed = boolParam(query, 'detailed');
    const name = stringParam(query, 'name');
    const withCount = boolParam(query, 'with_count');
    const sentFilters = filterParams(query);
    const { queues, marker: next, count } = await this.page(ctx, { marker, limit, detailed, name, filters: metadataFilters(sentFilters), withCount });
    const params = {
      ...sentFilters,
      limit,
      detailed: query.detailed ? detailed : undefined,
      name,
      with_count: query.with_count ? withCount : undefined,
    };
    const links = queues.length > 0 ? [{ rel: 'next', href: nextLink(QUEUES_PATH, params, next ?? marker ?? '') }] : [];
    const body: Record<string, unknown> = { queues: queues.map((q) => this.listItem(q, detailed)), links };
    if (withCount && count) body.count = count;
    return { status: 200, body };
  }

  /**
   * One page of the project's queues (stored metadata as is when `detailed`),
   * the marker after it and, with `withCount`, the project's queue count.
   * 400 when `limit` is out of range.
   */
  async page(ctx: RequestContext, request: QueuePageRequest): Promise<{ queues: QueueListItem[]; marker?: string; count: number }> {
    const { limit, withCount, ...options } = request;
    const max = this.limits.max_queues_per_page;
    if (limit !== undefined && !(limit > 0 && limit <= max)) throw apiErrors.badRequest(`Limit must be at least 1 and no greater than ${max}.`);
    return guard('Queues could not be listed.', async () => {
      const found = await this.deps.control.queues.list(ctx.project, { ...options, detailed: options.detailed ?? false, limit: limit ?? DEFAULT_LIMIT });
      const count = withCount ? await this.deps.control.queues.count(ctx.project) : 0;
      return { queues: found.items, marker: found.marker, count };
    });
  }

  private listItem(queue: QueueListItem, detailed: boolean): Record<string, unknown> {
    const item: Record<string, unknown> = { name: queue.name, href: `${QUEUES_PATH}/${queue.name}` };
    if (detailed) item.metadata = withReservedDefaults(queue.metadata ?? {}, this.limits);
    return item;
  }

  /** `PUT /v2/queues/{name}` (§6.3): 201 created, 204 existed (metadata untouched). */
  async create(ctx: RequestContext, name: string, body: RequestBody): Promise<ApiResult> {
    const max = this.limits.max_queue_metadata;
    if (body.length > max) throw apiErrors.badRequest(`Queue metadata is too large. Max size: ${max}`);
    const metadata = body.present ? objectBody(body) : undefined;
    checkQueueMetadata(metadata, this.limits, 'Invalid API request');
    let created: boolean;
    try {
      created = await this.changingMetadata(ctx.project, name, () =>
        guard('Queue could not be created.', () => this.deps.control.queues.create(ctx.project, name, metadata ?? {})),
      );
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_FLAVOR_DOES_NOT_EXIST')) throw apiErrors.badRequest(error.message);
      throw error;
    }
    return { status: created ? 201 : 204, headers: { location: `${QUEUES_PATH}/${name}` } };
  }

  /** `GET /v2/queues/{name}` (§6.4): stored metadata plus reserved defaults, also for a missing queue. */
  async get(ctx: RequestContext, name: string): Promise<ApiResult> {
    return { status: 200, body: withReservedDefaults(await this.metadata(ctx, name), this.limits) };
  }

  /** The queue's metadata exactly as stored; `{}` for a missing queue. */
  metadata(ctx: RequestContext, name: string): Promise<QueueMetadata> {
    return guard('Queue metadata could not be retrieved.', () => this.deps.control.queues.get(ctx.project, name));
  }

  /** `PATCH /v2/queues/{name}` (§6.5). `contentType` is the raw Content-Type header. */
  async update(ctx: RequestContext, name: string, body: RequestBody, contentType: string | undefined): Promise<ApiResult> {
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
    return { status: 200, body: withReservedDefaults(metadata, this.limits) };
  }

  /** `DELETE /v2/queues/{name}` (§6.6): the queue and its messages; subscriptions stay (documented behaviour). */
  async delete(ctx: RequestContext, name: string): Promise<ApiResult> {
    await this.changingMetadata(ctx.project, name, () =>
      guard('Queue could not be deleted.', async () => {
        await this.deps.data.messages.deleteAll(ctx.project, name);
        await this.deps.control.queues.delete(ctx.project, name);
      }),
    );
    return { status: 204 };
  }

  /** `GET /v2/queues/{name}/stats` (§6.7). */
  async stats(ctx: RequestContext, name: string): Promise<ApiResult> {
    return { status: 200, body: { messages: this.statsView(name, await this.readStats(ctx, name)) } };
  }

  /** The store's counts for the queue, or undefined when the queue does not exist. */
  async readStats(ctx: RequestContext, name: string): Promise<QueueStats | undefined> {
    try {
      return await guard('Queue stats could not be read.', async () =>
        (await this.deps.control.queues.exists(ctx.project, name)) ? this.deps.data.messages.stats(ctx.project, name) : undefined,
      );
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return undefined;
      throw error;
    }
  }

  private statsView(name: string, stats: QueueStats | undefined): Record<string, unknown> {
    if (!stats || stats.total === 0) return { claimed: 0, free: 0, total: 0 };
    const view: Record<string, unknown> = { claimed: stats.claimed, free: stats.free, total: stats.total };
    const ref = (m: { id: string; age: number; created: number }) => ({ href: `${QUEUES_PATH}/${name}/messages/${m.id}`, age: m.age, created: isoSeconds(m.created) });
    if (stats.oldest) view.oldest = ref(stats.oldest);
    if (stats.newest) view.newest = ref(stats.newest);
    return view;
  }

  /** `POST /v2/queues/{name}/purge` (§6.8): every message (claimed included) and/or every subscription. */
  async purge(ctx: RequestContext, name: string, body: RequestBody): Promise<ApiResult> {
    await this.purgeResources(ctx, name, body.present ? purgeTypes(body.parse()) : [...PURGEABLE]);
    return { status: 204 };
  }

  /** Deletes the queue's `messages` and/or `subscriptions` (other names are ignored); metadata stays. */
  async purgeResources(ctx: RequestContext, name: string, types: readonly unknown[]): Promise<void> {
    await guard('Queue could not be purged.', async () => {
      if (types.includes('messages')) await this.deps.data.messages.deleteAll(ctx.project, name);
      if (types.includes('subscriptions')) await this.deleteSubscriptions(ctx.project, name);
    });
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
    }
  }

  /** Metadata as stored, or undefined when the queue does not exist (for other request-layer parts). */
  async findMetadata(project: string, name: string): Promise<QueueMetadata | undefined> {
    try {
      return await this.deps.control.queues.getMetadata(project, name);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return undefined;
      throw error;
    }
  }
}

/** The validated `resource_types` of a purge body. */
function purgeTypes(document: unknown): string[] {
  if (Array.isArray(document) || !document || !('resource_types' in (document as object))) {
    throw apiErrors.badRequest('Post body must contain key "resource_types".');
  }
  const types = (document as { resource_types: unknown }).resource_types;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && PURGEABLE.has(t))) {
    throw apiErrors.badRequest("Resource types must be a sub set of {'subscriptions', 'messages'}.");
  }
  return types as string[];
}
