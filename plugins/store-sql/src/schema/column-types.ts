/**
 * The few column and table details that differ between dialects, so that one
 * migration describes every dialect's schema.
 */
import { sql, type CreateTableBuilder, type Expression } from 'kysely';
import type { SqlDialect } from '../connection/backend';

export interface ColumnTypes {
  readonly dialect: SqlDialect;
  /**
   * Text compared and sorted in byte order (names, ids, projects): SQLite compares TEXT
   * with memcmp already, PostgreSQL needs COLLATE "C", MySQL gets utf8mb4_bin from the table.
   */
  name(length: number): Expression<unknown>;
  /** A JSON document of any size (message bodies reach 256 KiB; MySQL's TEXT stops at 64 KiB). */
  readonly document: Expression<unknown>;
  /** Type of an auto-numbered integer key; `autoIncrement` says whether the column also needs AUTOINCREMENT. */
  readonly serial: { type: Expression<unknown>; autoIncrement: boolean };
  /** Applies the dialect's table options (MySQL: InnoDB, utf8mb4, binary collation). */
  table<T extends string, C extends string>(builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** MySQL 8 has no CREATE INDEX IF NOT EXISTS; the schema_version row guards re-runs there. */
  readonly indexIfNotExists: boolean;
  /**
   * Whether a unique key may be longer than InnoDB's 3072 bytes: MariaDB (10.4+) enforces
   * such keys through a hidden hash; MySQL refuses them, so there the long column is keyed by a prefix.
   */
  readonly longUniqueKeys: boolean;
}

/** `serverVersion` is the MariaDB/MySQL server's VERSION() (MariaDB's contains "MariaDB"). */
export function columnTypes(dialect: SqlDialect, serverVersion = ''): ColumnTypes {
  switch (dialect) {
    case 'postgresql':
      return {
        dialect,
        name: (length) => sql.raw(`varchar(${length}) collate "C"`),
        document: sql.raw('text'),
        serial: { type: sql.raw('serial'), autoIncrement: false },
        table: (builder) => builder,
        indexIfNotExists: true,
        longUniqueKeys: true,
      };
    case 'mysql':
      return {
        dialect,
        name: (length) => sql.raw(`varchar(${length})`),
        document: sql.raw('longtext'),
        serial: { type: sql.raw('integer'), autoIncrement: true },
        table: (builder) => builder.modifyEnd(sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin`),
        indexIfNotExists: false,
        longUniqueKeys: /mariadb/i.test(serverVersion),
      };
    case 'sqlite':
      return {
        dialect,
        name: (length) => sql.raw(`varchar(${length})`),
        document: sql.raw('text'),
        serial: { type: sql.raw('integer'), autoIncrement: true },
        table: (builder) => builder,
        indexIfNotExists: true,
        longUniqueKeys: true,
      };
  }
}
