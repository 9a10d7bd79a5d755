import type { Page, QueueController, QueueListItem, QueueListOptions, QueueMetadata, StorageError } from '@zaqarjs/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema/tables';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson, int } from '../util/codec';
import { escapeLike, matchesFilters } from '../util/json-match';
import { literalLimit, prepare } from '../util/prepared';
import { insertIfAbsent } from '../util/upsert';

/** Which table a catalog lives in and how it reports a missing entry. */
export interface CatalogKind {
  readonly table: 'queues' | 'topics';
  missing(name: string, project: string): StorageError;
}

/** Rows read per round while a name or metadata filter is applied before the limit. */
const SCAN_BATCH = 200;

function catalogQueries(db: Kysely<Tables>, table: CatalogKind['table']) {
  return {
    metadata: prepare<{ project: string; name: string }, { metadata: string }>((p) =>
      db.selectFrom(table).select('metadata').where('project', '=', p.project).where('name', '=', p.name),
    ),
  };
}

/**
 * Queues (or topics) of the management store, sorted by name in byte order (SQLite
 * compares TEXT with memcmp; the name columns of server dialects use a binary collation). Name and
 * metadata filters are applied in the store, before the limit.
 */
export class SqlQueueCatalog implements QueueController {
  readonly #build = (db: Kysely<Tables>) => catalogQueries(db, this.kind.table);

  constructor(
    private readonly ctx: StoreContext,
    private readonly kind: CatalogKind,
  ) {}

  async list(project: string, options: QueueListOptions): Promise<Page<QueueListItem>> {
    if (options.limit <= 0) return { items: [] };
    const filtered = (options.name !== undefined && options.name !== '') || (options.filters && Object.keys(options.filters).length > 0);
    const batch = filtered ? SCAN_BATCH : options.limit;
    const items: QueueListItem[] = [];
    let cursor = options.marker;
    for (;;) {
      const rows = await this.page(project, cursor, options.name, batch);
      for (const row of rows) {
        const metadata = decodeJson<QueueMetadata>(row.metadata);
        if (options.name && !row.name.includes(options.name)) continue;
        if (!matchesFilters(metadata, options.filters)) continue;
        items.push(options.detailed ? { name: row.name, metadata } : { name: row.name });
        if (items.length === options.limit) break;
      }
      if (items.length === options.limit || rows.length < batch) break;
      cursor = rows[rows.length - 1].name;
    }
    return { items, marker: items[items.length - 1]?.name };
  }

  async get(project: string, name: string): Promise<QueueMetadata> {
    const row = await this.ctx.queries(this.#build).metadata.first(this.ctx.backend.db, { project, name });
    return row ? decodeJson<QueueMetadata>(row.metadata) : {};
  }

  async getMetadata(project: string, name: string): Promise<QueueMetadata> {
    const row = await this.ctx.queries(this.#build).metadata.first(this.ctx.backend.db, { project, name });
    if (!row) throw this.kind.missing(name, project);
    return decodeJson<QueueMetadata>(row.metadata);
  }

  async setMetadata(project: string, name: string, metadata: QueueMetadata): Promise<void> {
    const result = await this.ctx.backend.db
      .updateTable(this.kind.table)
      .set({ metadata: encodeJson(metadata ?? {}) })
      .where('project', '=', project)
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw this.kind.missing(name, project);
  }

  async create(project: string, name: string, metadata: QueueMetadata): Promise<boolean> {
    const { db, dialect } = this.ctx.backend;
    const insert = db.insertInto(this.kind.table).values({ project, name, metadata: encodeJson(metadata ?? {}) });
    const result = await insertIfAbsent(dialect, insert, ['project', 'name']).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async exists(project: string, name: string): Promise<boolean> {
    const row = await this.ctx.queries(this.#build).metadata.first(this.ctx.backend.db, { project, name });
    return row !== undefined;
  }

  async delete(project: string, name: string): Promise<void> {
    await this.ctx.backend.db.deleteFrom(this.kind.table).where('project', '=', project).where('name', '=', name).execute();
  }

  async count(project: string): Promise<number> {
    const row = await this.ctx.backend.db
      .selectFrom(this.kind.table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project', '=', project)
      .executeTakeFirst();
    return int(row?.n ?? 0);
  }

  /** Names after `cursor`; the LIKE pre-filter may over-match (SQLite LIKE ignores ASCII case), list() re-checks. */
  private page(project: string, cursor: string | undefined, name: string | undefined, limit: number) {
    return this.ctx.backend.db
      .selectFrom(this.kind.table)
      .select(['name', 'metadata'])
      .where('project', '=', project)
      .$if(cursor !== undefined, (qb) => qb.where('name', '>', cursor!))
      .$if(!!name, (qb) => qb.where(sql<boolean>`${sql.ref('name')} like ${`%${escapeLike(name!)}%`} escape '!'`))
      .orderBy('name')
      .limit(literalLimit(limit))
      .execute();
  }
}
