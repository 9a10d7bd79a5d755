import { QueueNotMapped, type CatalogueController, type CatalogueEntry } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { insertIfAbsent, upsert } from '../util/upsert';

/** Queue → pool mapping used by pooling. */
export class SqlCatalogueController implements CatalogueController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string): Promise<CatalogueEntry[]> {
    return this.ctx.backend.db.selectFrom('catalogue').select(['project', 'queue', 'pool']).where('project', '=', project).orderBy('queue').execute();
  }

  async get(project: string, queue: string): Promise<CatalogueEntry> {
    const row = await this.ctx.backend.db
      .selectFrom('catalogue')
      .select(['project', 'queue', 'pool'])
      .where('project', '=', project)
      .where('queue', '=', queue)
      .executeTakeFirst();
    if (!row) throw new QueueNotMapped(queue, project);
    return row;
  }

  async exists(project: string, queue: string): Promise<boolean> {
    const row = await this.ctx.backend.db.selectFrom('catalogue').select('pool').where('project', '=', project).where('queue', '=', queue).executeTakeFirst();
    return row !== undefined;
  }

  async insert(project: string, queue: string, pool: string): Promise<void> {
    const { db, dialect } = this.ctx.backend;
    await upsert(dialect, db.insertInto('catalogue').values({ project, queue, pool }), ['project', 'queue'], { pool }).execute();
  }

  async insertIfAbsent(project: string, queue: string, pool: string): Promise<string> {
    const { db, dialect } = this.ctx.backend;
    await insertIfAbsent(dialect, db.insertInto('catalogue').values({ project, queue, pool }), ['project', 'queue']).execute();
    return (await this.get(project, queue)).pool;
  }

  async delete(project: string, queue: string): Promise<void> {
    await this.ctx.backend.db.deleteFrom('catalogue').where('project', '=', project).where('queue', '=', queue).execute();
  }

  async update(project: string, queue: string, pool: string): Promise<void> {
    const result = await this.ctx.backend.db
      .updateTable('catalogue')
      .set({ pool })
      .where('project', '=', project)
      .where('queue', '=', queue)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new QueueNotMapped(queue, project);
  }
}
