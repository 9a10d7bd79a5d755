import { FlavorDoesNotExist, type Flavor, type FlavorsController, type Page } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson } from '../util/codec';
import { literalLimit } from '../util/prepared';
import { upsert } from '../util/upsert';

/** Flavors, keyed by (project, name) — per project, unlike the reference's SQL table (quirk 21). */
export class SqlFlavorsController implements FlavorsController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string, options: { marker?: string; limit: number }): Promise<Page<Flavor>> {
    if (options.limit <= 0) return { items: [] };
    const rows = await this.ctx.backend.db
      .selectFrom('flavors')
      .selectAll()
      .where('project', '=', project)
      .$if(options.marker !== undefined, (qb) => qb.where('name', '>', options.marker!))
      .orderBy('name')
      .limit(literalLimit(options.limit))
      .execute();
    const items = rows.map((r) => ({ name: r.name, project: r.project, capabilities: decodeJson<Record<string, unknown>>(r.capabilities) }));
    return { items, marker: items[items.length - 1]?.name };
  }

  async create(flavor: Flavor): Promise<void> {
    const capabilities = encodeJson(flavor.capabilities ?? {});
    const { db, dialect } = this.ctx.backend;
    const insert = db.insertInto('flavors').values({ project: flavor.project, name: flavor.name, capabilities });
    await upsert(dialect, insert, ['project', 'name'], { capabilities }).execute();
  }

  async get(project: string, name: string): Promise<Flavor> {
    const row = await this.ctx.backend.db.selectFrom('flavors').selectAll().where('project', '=', project).where('name', '=', name).executeTakeFirst();
    if (!row) throw new FlavorDoesNotExist(name);
    return { name: row.name, project: row.project, capabilities: decodeJson<Record<string, unknown>>(row.capabilities) };
  }

  async exists(project: string, name: string): Promise<boolean> {
    const row = await this.ctx.backend.db.selectFrom('flavors').select('name').where('project', '=', project).where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  async delete(project: string, name: string): Promise<void> {
    await this.ctx.backend.db.deleteFrom('flavors').where('project', '=', project).where('name', '=', name).execute();
  }
}
