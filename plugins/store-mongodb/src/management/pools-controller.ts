import { PoolAlreadyExists, PoolDoesNotExist, PoolInUseByFlavor, type Page, type Pool, type PoolsController } from '@zaqarjs/core';
import type { Collection, ObjectId } from 'mongodb';
import { keyId } from '../util/ids';
import { byteOrderKey } from '../util/values';
import { isDuplicateKey, type ControlStoreContext } from './control-context';
import type { CatalogueDoc } from './catalogue-controller';
import type { FlavorDoc } from './flavors-controller';

/** A pool in `<database>.pools` (reference fields n, u, w, o, f). */
export interface PoolDoc {
  /** Derived from the name. */
  _id: ObjectId;
  n: string;
  /** `n` as a byte-order key: what listings sort and page by. */
  nx: string;
  u: string;
  w: number;
  o: Record<string, unknown>;
  f: string | null;
}

/** `<database>.pool_uris`: one per URI in use, `_id` derived from the URI, so a duplicate-key error arbitrates. */
interface PoolUriDoc {
  _id: ObjectId;
  n: string;
}

/**
 * Registered pools. URI uniqueness does not rest on a unique index (some wire-compatible
 * servers ignore them) but on `pool_uris` documents whose `_id` is derived from the URI.
 * A URI document left by a crash between two writes is taken over once no pool uses the URI.
 */
export class MongoPoolsController implements PoolsController {
  constructor(private readonly ctx: ControlStoreContext) {}

  private get pools(): Collection<PoolDoc> {
    return this.ctx.control<PoolDoc>('pools');
  }

  private get uris(): Collection<PoolUriDoc> {
    return this.ctx.control('pools').db.collection<PoolUriDoc>('pool_uris');
  }

  async list(options: { marker?: string; limit: number; detailed: boolean }): Promise<Page<Pool>> {
    const cursor = this.pools.find(options.marker === undefined ? {} : { nx: { $gt: byteOrderKey(options.marker) } }).sort({ nx: 1 });
    if (options.limit > 0) cursor.limit(options.limit);
    const docs = await cursor.toArray();
    return { items: docs.map(toPool), marker: docs[docs.length - 1]?.n };
  }

  async create(pool: Pool): Promise<void> {
    await this.takeUri(pool.uri, pool.name);
    const fields = { n: pool.name, nx: byteOrderKey(pool.name), u: pool.uri, w: pool.weight, o: pool.options ?? {}, f: pool.flavor || null };
    const before = await this.pools.findOneAndUpdate({ _id: keyId('pool', pool.name) }, { $set: fields }, { upsert: true, returnDocument: 'before' });
    if (before && before.u !== pool.uri) await this.uris.deleteOne({ _id: keyId('pool-uri', before.u), n: pool.name });
  }

  async get(name: string): Promise<Pool> {
    const doc = await this.pools.findOne({ _id: keyId('pool', name) });
    if (!doc) throw new PoolDoesNotExist(name);
    return toPool(doc);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.pools.findOne({ _id: keyId('pool', name) }, { projection: { _id: 1 } })) !== null;
  }

  async getByFlavor(flavor: string | null): Promise<Pool[]> {
    return (await this.pools.find({ f: flavor }).sort({ nx: 1 }).toArray()).map(toPool);
  }

  async update(name: string, changes: Partial<Omit<Pool, 'name'>>): Promise<void> {
    const doc = await this.pools.findOne({ _id: keyId('pool', name) });
    if (!doc) throw new PoolDoesNotExist(name);
    const set: Partial<PoolDoc> = {};
    const newUri = changes.uri !== undefined && changes.uri !== doc.u ? changes.uri : undefined;
    if (newUri !== undefined) {
      await this.takeUri(newUri, name);
      set.u = newUri;
    }
    if (changes.weight !== undefined) set.w = changes.weight;
    if (changes.flavor !== undefined) set.f = changes.flavor || null;
    if (changes.options !== undefined) set.o = changes.options ?? {};
    if (Object.keys(set).length > 0) await this.pools.updateOne({ _id: doc._id }, { $set: set });
    if (newUri !== undefined) await this.uris.deleteOne({ _id: keyId('pool-uri', doc.u), n: name });
  }

  async delete(name: string): Promise<void> {
    const doc = await this.pools.findOne({ _id: keyId('pool', name) });
    if (!doc) return;
    if (doc.f !== null && (await this.isLastPoolOfFlavor(doc.f, name))) throw new PoolInUseByFlavor(name, doc.f);
    await this.ctx.control<CatalogueDoc>('catalogue').deleteMany({ s: name });
    await this.pools.deleteOne({ _id: doc._id });
    await this.uris.deleteOne({ _id: keyId('pool-uri', doc.u), n: name });
  }

  /** Flavor names are matched in any project: pools record only the name. */
  private async isLastPoolOfFlavor(flavor: string, pool: string): Promise<boolean> {
    if (!(await this.ctx.control<FlavorDoc>('flavors').findOne({ n: flavor }, { projection: { _id: 1 } }))) return false;
    return (await this.pools.findOne({ f: flavor, n: { $ne: pool } }, { projection: { _id: 1 } })) === null;
  }

  /** Reserves `uri` for pool `name`; PoolAlreadyExists when another existing pool uses it. */
  private async takeUri(uri: string, name: string): Promise<void> {
    const _id = keyId('pool-uri', uri);
    try {
      await this.uris.insertOne({ _id, n: name });
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const holder = await this.uris.findOne({ _id });
    if (!holder || holder.n === name) return;
    const owner = await this.pools.findOne({ _id: keyId('pool', holder.n) }, { projection: { u: 1 } });
    if (owner && owner.u === uri) throw new PoolAlreadyExists();
    const taken = await this.uris.findOneAndUpdate({ _id, n: holder.n }, { $set: { n: name } });
    if (!taken) throw new PoolAlreadyExists();
  }
}

function toPool(doc: PoolDoc): Pool {
  return { name: doc.n, uri: doc.u, weight: doc.w, flavor: doc.f ?? null, options: doc.o ?? {} };
}
