import { FlavorDoesNotExist, type Flavor, type FlavorsController, type Page } from '@zaqarjs/core';
import type { Collection, ObjectId } from 'mongodb';
import { keyId } from '../util/ids';
import { byteOrderKey } from '../util/values';
import type { ControlStoreContext } from './control-context';

/** A flavor in `<database>.flavors`: unique per (project, name), as in the reference's mongodb store. */
export interface FlavorDoc {
  /** Derived from (project, name). */
  _id: ObjectId;
  n: string;
  /** `n` as a byte-order key: what listings sort and page by. */
  nx: string;
  p: string;
  c: Record<string, unknown>;
}

export class MongoFlavorsController implements FlavorsController {
  constructor(private readonly ctx: ControlStoreContext) {}

  private get flavors(): Collection<FlavorDoc> {
    return this.ctx.control<FlavorDoc>('flavors');
  }

  async list(project: string, options: { marker?: string; limit: number }): Promise<Page<Flavor>> {
    if (options.limit <= 0) return { items: [] };
    const filter = options.marker === undefined ? { p: project } : { p: project, nx: { $gt: byteOrderKey(options.marker) } };
    const docs = await this.flavors.find(filter).sort({ nx: 1 }).limit(options.limit).toArray();
    return { items: docs.map(toFlavor), marker: docs[docs.length - 1]?.n };
  }

  async create(flavor: Flavor): Promise<void> {
    const _id = keyId('flavor', flavor.project, flavor.name);
    await this.flavors.replaceOne(
      { _id },
      { n: flavor.name, nx: byteOrderKey(flavor.name), p: flavor.project, c: flavor.capabilities ?? {} },
      { upsert: true },
    );
  }

  async get(project: string, name: string): Promise<Flavor> {
    const doc = await this.flavors.findOne({ _id: keyId('flavor', project, name) });
    if (!doc) throw new FlavorDoesNotExist(name);
    return toFlavor(doc);
  }

  async exists(project: string, name: string): Promise<boolean> {
    return (await this.flavors.findOne({ _id: keyId('flavor', project, name) }, { projection: { _id: 1 } })) !== null;
  }

  async delete(project: string, name: string): Promise<void> {
    await this.flavors.deleteOne({ _id: keyId('flavor', project, name) });
  }
}

function toFlavor(doc: FlavorDoc): Flavor {
  return { name: doc.n, project: doc.p, capabilities: doc.c ?? {} };
}
