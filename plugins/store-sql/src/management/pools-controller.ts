import { PoolAlreadyExists, PoolDoesNotExist, PoolInUseByFlavor, type Page, type Pool, type PoolsController } from '@zaqarjs/core';
import type { Selectable, Transaction } from 'kysely';
import type { PoolsTable, Tables } from '../schema/tables';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson, int } from '../util/codec';
import { literalLimit } from '../util/prepared';
import { upsert } from '../util/upsert';

type Row = Selectable<PoolsTable>;

/** Registered pools. Deleting a pool also drops its catalogue entries (the reference's ON DELETE CASCADE). */
export class SqlPoolsController implements PoolsController {
  constructor(private readonly ctx: StoreContext) {}

  async list(options: { marker?: string; limit: number; detailed: boolean }): Promise<Page<Pool>> {
    const rows = await this.ctx.backend.db
      .selectFrom('pools')
      .selectAll()
      .$if(options.marker !== undefined, (qb) => qb.where('name', '>', options.marker!))
      .orderBy('name')
      .$if(options.limit > 0, (qb) => qb.limit(literalLimit(options.limit)))
      .execute();
    return { items: rows.map(toPool), marker: rows[rows.length - 1]?.name };
  }

  async create(pool: Pool): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      await assertUriFree(trx, pool.uri, pool.name);
      const values = { uri: pool.uri, weight: pool.weight, flavor: pool.flavor || null, options: encodeJson(pool.options ?? {}) };
      await upsert(this.ctx.backend.dialect, trx.insertInto('pools').values({ name: pool.name, ...values }), ['name'], values).execute();
    });
  }

  async get(name: string): Promise<Pool> {
    const row = await this.ctx.backend.db.selectFrom('pools').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new PoolDoesNotExist(name);
    return toPool(row);
  }

  async exists(name: string): Promise<boolean> {
    const row = await this.ctx.backend.db.selectFrom('pools').select('name').where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  async getByFlavor(flavor: string | null): Promise<Pool[]> {
    const rows = await this.ctx.backend.db
      .selectFrom('pools')
      .selectAll()
      .where((eb) => (flavor === null ? eb('flavor', 'is', null) : eb('flavor', '=', flavor)))
      .orderBy('name')
      .execute();
    return rows.map(toPool);
  }

  async update(name: string, changes: Partial<Omit<Pool, 'name'>>): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      const row = await trx.selectFrom('pools').select('name').where('name', '=', name).executeTakeFirst();
      if (!row) throw new PoolDoesNotExist(name);
      const set: Partial<Row> = {};
      if (changes.uri !== undefined) {
        await assertUriFree(trx, changes.uri, name);
        set.uri = changes.uri;
      }
      if (changes.weight !== undefined) set.weight = changes.weight;
      if (changes.flavor !== undefined) set.flavor = changes.flavor || null;
      if (changes.options !== undefined) set.options = encodeJson(changes.options ?? {});
      if (Object.keys(set).length > 0) await trx.updateTable('pools').set(set).where('name', '=', name).execute();
    });
  }

  async delete(name: string): Promise<void> {
    await this.ctx.backend.transaction(async (trx) => {
      const row = await trx.selectFrom('pools').select(['name', 'flavor']).where('name', '=', name).executeTakeFirst();
      if (!row) return;
      if (row.flavor !== null && (await isLastPoolOfFlavor(trx, row.flavor, name))) throw new PoolInUseByFlavor(name, row.flavor);
      await trx.deleteFrom('catalogue').where('pool', '=', name).execute();
      await trx.deleteFrom('pools').where('name', '=', name).execute();
    });
  }
}

async function assertUriFree(trx: Transaction<Tables>, uri: string, name: string): Promise<void> {
  const other = await trx.selectFrom('pools').select('name').where('uri', '=', uri).where('name', '<>', name).executeTakeFirst();
  if (other) throw new PoolAlreadyExists();
}

/** Flavor names are matched in any project: pools record only the name. */
async function isLastPoolOfFlavor(trx: Transaction<Tables>, flavor: string, pool: string): Promise<boolean> {
  const flavorRow = await trx.selectFrom('flavors').select('name').where('name', '=', flavor).executeTakeFirst();
  if (!flavorRow) return false;
  const sibling = await trx.selectFrom('pools').select('name').where('flavor', '=', flavor).where('name', '<>', pool).executeTakeFirst();
  return sibling === undefined;
}

function toPool(row: Row): Pool {
  return { name: row.name, uri: row.uri, weight: int(row.weight), flavor: row.flavor, options: decodeJson<Record<string, unknown>>(row.options) };
}
