import {
  normalizeIntegers,
  type Page,
  type QueueController,
  type QueueListItem,
  type QueueListOptions,
  type QueueMetadata,
  type StorageError,
} from '@zaqarjs/core';
import type { Collection, Filter, ObjectId } from 'mongodb';
import { keyId } from '../util/ids';
import { byteOrderKey, escapeRegex, matchesFilters } from '../util/values';
import { isDuplicateKey, type ControlStoreContext } from './control-context';

/** A queue (or topic) in `<database>_queues.queues` / `<database>_topics.topics`. */
export interface QueueDoc {
  /** Derived from `p_q`: a second create fails with a duplicate `_id`, on any server. */
  _id: ObjectId;
  /** `<project>/<name>` (the reference's key). */
  p_q: string;
  /** Project and name apart, so listing never matches by a prefix (a project may contain `/`). */
  p: string;
  n: string;
  /** `n` as a byte-order key (util/values.ts byteOrderKey): what listings sort and page by. */
  nx: string;
  m: QueueMetadata;
  /** The reference's marker counter; markers live in the message store here (messages.stats). */
  c: { v: number; t: number };
}

/** Which collection a catalog lives in and how it reports a missing entry. */
export interface CatalogKind {
  readonly kind: 'queues' | 'topics';
  missing(name: string, project: string): StorageError;
}

/** Documents read per round while a metadata filter is applied before the limit. */
const SCAN_BATCH = 200;

/**
 * Queues (or topics), sorted by name in byte order (MongoDB compares strings bytewise
 * without a collation). The name filter is an escaped regular expression (the reference
 * inserted user input unescaped); metadata filters are matched here, before the limit.
 */
export class MongoQueueCatalog implements QueueController {
  constructor(
    private readonly ctx: ControlStoreContext,
    private readonly kind: CatalogKind,
  ) {}

  private get collection(): Collection<QueueDoc> {
    return this.ctx.catalog<QueueDoc>(this.kind.kind);
  }

  private idOf(project: string, name: string): ObjectId {
    return keyId(this.kind.kind, `${project}/${name}`);
  }

  async list(project: string, options: QueueListOptions): Promise<Page<QueueListItem>> {
    if (options.limit <= 0) return { items: [] };
    const filtered = options.filters !== undefined && Object.keys(options.filters).length > 0;
    const batch = filtered ? SCAN_BATCH : options.limit;
    const items: QueueListItem[] = [];
    let cursor = options.marker;
    for (;;) {
      const filter: Filter<QueueDoc> = { p: project };
      if (cursor !== undefined) filter.nx = { $gt: byteOrderKey(cursor) };
      if (options.name) filter.n = { $regex: escapeRegex(options.name) };
      const docs = await this.collection.find(filter).sort({ nx: 1 }).limit(batch).toArray();
      for (const doc of docs) {
        if (!matchesFilters(doc.m, options.filters)) continue;
        items.push(options.detailed ? { name: doc.n, metadata: normalizeIntegers(doc.m) } : { name: doc.n });
        if (items.length === options.limit) break;
      }
      if (items.length === options.limit || docs.length < batch) break;
      cursor = docs[docs.length - 1].n;
    }
    return { items, marker: items[items.length - 1]?.name };
  }

  async get(project: string, name: string): Promise<QueueMetadata> {
    const doc = await this.collection.findOne({ _id: this.idOf(project, name) }, { projection: { m: 1 } });
    return normalizeIntegers(doc?.m ?? {});
  }

  async getMetadata(project: string, name: string): Promise<QueueMetadata> {
    const doc = await this.collection.findOne({ _id: this.idOf(project, name) }, { projection: { m: 1 } });
    if (!doc) throw this.kind.missing(name, project);
    return normalizeIntegers(doc.m ?? {});
  }

  async setMetadata(project: string, name: string, metadata: QueueMetadata): Promise<void> {
    const result = await this.collection.updateOne({ _id: this.idOf(project, name) }, { $set: { m: metadata ?? {} } });
    if (result.matchedCount === 0) throw this.kind.missing(name, project);
  }

  async create(project: string, name: string, metadata: QueueMetadata): Promise<boolean> {
    const doc: QueueDoc = {
      _id: this.idOf(project, name),
      p_q: `${project}/${name}`,
      p: project,
      n: name,
      nx: byteOrderKey(name),
      m: metadata ?? {},
      c: { v: 1, t: 0 },
    };
    try {
      await this.collection.insertOne(doc);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async exists(project: string, name: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: this.idOf(project, name) }, { projection: { _id: 1 } })) !== null;
  }

  async delete(project: string, name: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.idOf(project, name) });
  }

  count(project: string): Promise<number> {
    return this.collection.countDocuments({ p: project });
  }
}
