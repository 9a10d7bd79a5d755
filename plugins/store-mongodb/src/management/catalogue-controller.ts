import { QueueNotMapped, type CatalogueController, type CatalogueEntry } from '@zaqarjs/core';
import type { Collection, ObjectId } from 'mongodb';
import { keyId } from '../util/ids';
import { isDuplicateKey, type ControlStoreContext } from './control-context';

/** A mapping in `<database>.catalogue`: the reference's `{p_q, s: pool}` plus project and queue apart. */
export interface CatalogueDoc {
  /** Derived from `p_q`. */
  _id: ObjectId;
  p_q: string;
  p: string;
  q: string;
  s: string;
}

/** Queue → pool mapping used by pooling. */
export class MongoCatalogueController implements CatalogueController {
  constructor(private readonly ctx: ControlStoreContext) {}

  private get catalogue(): Collection<CatalogueDoc> {
    return this.ctx.control<CatalogueDoc>('catalogue');
  }

  async list(project: string): Promise<CatalogueEntry[]> {
    return (await this.catalogue.find({ p: project }).sort({ q: 1 }).toArray()).map(toEntry);
  }

  async get(project: string, queue: string): Promise<CatalogueEntry> {
    const doc = await this.catalogue.findOne({ _id: keyId('catalogue', project, queue) });
    if (!doc) throw new QueueNotMapped(queue, project);
    return toEntry(doc);
  }

  async exists(project: string, queue: string): Promise<boolean> {
    return (await this.catalogue.findOne({ _id: keyId('catalogue', project, queue) }, { projection: { _id: 1 } })) !== null;
  }

  async insert(project: string, queue: string, pool: string): Promise<void> {
    await this.catalogue.replaceOne(
      { _id: keyId('catalogue', project, queue) },
      { p_q: `${project}/${queue}`, p: project, q: queue, s: pool },
      { upsert: true },
    );
  }

  async insertIfAbsent(project: string, queue: string, pool: string): Promise<string> {
    try {
      await this.catalogue.insertOne({ _id: keyId('catalogue', project, queue), p_q: `${project}/${queue}`, p: project, q: queue, s: pool });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return (await this.get(project, queue)).pool;
  }

  async delete(project: string, queue: string): Promise<void> {
    await this.catalogue.deleteOne({ _id: keyId('catalogue', project, queue) });
  }

  async update(project: string, queue: string, pool: string): Promise<void> {
    const result = await this.catalogue.updateOne({ _id: keyId('catalogue', project, queue) }, { $set: { s: pool } });
    if (result.matchedCount === 0) throw new QueueNotMapped(queue, project);
  }
}

function toEntry(doc: CatalogueDoc): CatalogueEntry {
  return { project: doc.p, queue: doc.q, pool: doc.s };
}
