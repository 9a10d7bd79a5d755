import type { ControlDriver, DataDriver } from '@zaqarjs/core';
import { createScratch, withMysql, withPg, type ScratchDatabase, type ServerKind } from '../../../plugins/store-sql/test/support/sql-servers';
import { pluginContext, pluginModule } from './plugin-module';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-sql/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-sql/dist/control-driver.js';

/** Every row of the instance's message table, one line per row, columns tab-separated. */
async function dumpMessages(kind: ServerKind, scratch: ScratchDatabase): Promise<Buffer> {
  const table = `${scratch.name}.messages`;
  const rows =
    kind === 'postgresql'
      ? (await withPg((c) => c.query(`select * from ${table}`))).rows
      : ((await withMysql((c) => c.query(`select * from ${table}`)))[0] as Record<string, unknown>[]);
  return Buffer.from(rows.map((row: Record<string, unknown>) => Object.values(row).map(String).join('\t')).join('\n'));
}

/**
 * Both SQL stores on a real database server, in a schema (PostgreSQL) or database
 * (MariaDB) created for each prepared instance and dropped at cleanup.
 */
export function sqlServerBackend(kind: ServerKind): TestBackend {
  return {
    optionGroups: () => [...(pluginModule(DATA).options ?? []), ...(pluginModule(CONTROL).options ?? [])],
    async prepare() {
      const scratch = await createScratch(kind);
      return {
        sections: {
          drivers: { message_store: 'sqlalchemy', management_store: 'sqlalchemy' },
          'drivers:message_store:sqlalchemy': { uri: scratch.uri },
          'drivers:management_store:sqlalchemy': { uri: scratch.uri },
        },
        async open(conf, logger) {
          const data = (await pluginModule(DATA).create(pluginContext(conf, logger, 'sqlalchemy'))) as DataDriver;
          const control = (await pluginModule(CONTROL).create(pluginContext(conf, logger, 'sqlalchemy'))) as ControlDriver;
          await control.open();
          await data.open();
          return { data, control };
        },
        rawDump: () => dumpMessages(kind, scratch),
        cleanup: () => scratch.drop(),
      };
    },
  };
}

/** PostgreSQL (ZAQAR_TEST_PG_URI, default database `test` on 127.0.0.1:5432), one schema per server. */
export const postgresBackend = sqlServerBackend('postgresql');
