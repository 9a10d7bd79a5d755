import type { Page, QueueController, QueueListItem, QueueListOptions, QueueMetadata, StorageError } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson } from '../util/codec';
import { matchesFilters } from '../util/json-match';

/** Which catalog (queues or topics) and how it reports a missing entry. */
export interface CatalogKind {
  readonly kind: 'queues' | 'topics';
  missing(name: string, project: string): StorageError;
}

/** Names read per round while a name or metadata filter is applied before the limit. */
const SCAN_BATCH = 200;

/**
 * Queues (or topics) of a project: a zset of names with score 0, which Redis keeps in
 * byte order (ZRANGEBYLEX pages after a marker, even a deleted one), and a hash of
 * metadata documents. Name and metadata filters are applied before the limit.
 */
export class RedisQueueCatalog implements QueueController {
  constructor(
    private readonly ctx: StoreContext,
    private readonly catalog: CatalogKind,
  ) {}

  async list(project: string, options: QueueListOptions): Promise<Page<QueueListItem>> {
    if (options.limit <= 0) return { items: [] };
    const keys = this.keys(project);
    const filtered = !!options.name || (options.filters !== undefined && Object.keys(options.filters).length > 0);
    const batch = filtered ? SCAN_BATCH : options.limit;
    const items: QueueListItem[] = [];
    let from = options.marker === undefined ? '-' : `(${options.marker}`;
    for (;;) {
      const names = await this.ctx.client.zrangebylex(keys.names, from, '+', 'LIMIT', 0, batch);
      const wanted = options.name ? names.filter((n) => n.includes(options.name!)) : names;
      const needMetadata = options.detailed || filtered;
      const documents = needMetadata && wanted.length > 0 ? await this.ctx.client.hmget(keys.meta, ...wanted) : [];
      for (const [i, name] of wanted.entries()) {
        const metadata = needMetadata ? decodeJson<QueueMetadata>(documents[i] ?? '{}') : undefined;
        if (metadata && !matchesFilters(metadata, options.filters)) continue;
        items.push(options.detailed ? { name, metadata } : { name });
        if (items.length === options.limit) break;
      }
      if (items.length === options.limit || names.length < batch) break;
      from = `(${names[names.length - 1]}`;
    }
    return { items, marker: items[items.length - 1]?.name };
  }

  async get(project: string, name: string): Promise<QueueMetadata> {
    const document = await this.ctx.client.hget(this.keys(project).meta, name);
    return document === null ? {} : decodeJson<QueueMetadata>(document);
  }

  async getMetadata(project: string, name: string): Promise<QueueMetadata> {
    const document = await this.ctx.client.hget(this.keys(project).meta, name);
    if (document === null) throw this.catalog.missing(name, project);
    return decodeJson<QueueMetadata>(document);
  }

  async setMetadata(project: string, name: string, metadata: QueueMetadata): Promise<void> {
    const done = await this.ctx.run<number>('setExisting', [this.keys(project).meta, name, encodeJson(metadata ?? {})]);
    if (done !== 1) throw this.catalog.missing(name, project);
  }

  async create(project: string, name: string, metadata: QueueMetadata): Promise<boolean> {
    const keys = this.keys(project);
    const results = await this.ctx.client
      .multi()
      .hsetnx(keys.meta, name, encodeJson(metadata ?? {}))
      .zadd(keys.names, 0, name)
      .exec();
    return execResult(results, 0) === 1;
  }

  async exists(project: string, name: string): Promise<boolean> {
    return (await this.ctx.client.hexists(this.keys(project).meta, name)) === 1;
  }

  async delete(project: string, name: string): Promise<void> {
    const keys = this.keys(project);
    execResult(await this.ctx.client.multi().hdel(keys.meta, name).zrem(keys.names, name).exec(), 0);
  }

  async count(project: string): Promise<number> {
    return this.ctx.client.zcard(this.keys(project).names);
  }

  private keys(project: string) {
    return this.ctx.keys.catalog(this.catalog.kind, project);
  }
}

/** Result `i` of a MULTI/EXEC; throws the first command error (EXEC null means aborted). */
export function execResult(results: [Error | null, unknown][] | null, i: number): unknown {
  if (!results) throw new Error('Redis transaction aborted');
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results[i][1];
}
