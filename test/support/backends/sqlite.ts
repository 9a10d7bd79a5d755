import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conf, ControlDriver, DataDriver, Logger } from '@zaqarjs/core';
import { pluginContext, pluginModule } from './plugin-module';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-sql/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-sql/dist/control-driver.js';

/** The store-sql message and management stores for `conf`, both opened (management first). */
export async function openSqlStores(conf: Conf, logger: Logger): Promise<{ data: DataDriver; control: ControlDriver }> {
  const data = (await pluginModule(DATA).create(pluginContext(conf, logger, 'sqlalchemy'))) as DataDriver;
  const control = (await pluginModule(CONTROL).create(pluginContext(conf, logger, 'sqlalchemy'))) as ControlDriver;
  await control.open();
  await data.open();
  return { data, control };
}

/** Both stores on one fresh SQLite file in a temp folder (the embedded default). */
export const sqliteBackend: TestBackend = {
  optionGroups: () => [...(pluginModule(DATA).options ?? []), ...(pluginModule(CONTROL).options ?? [])],
  async prepare() {
    const dir = mkdtempSync(join(tmpdir(), 'zaqar-http-'));
    const dbFile = join(dir, 'zaqar.db');
    const uri = `sqlite:///${dbFile}`;
    return {
      sections: {
        drivers: { message_store: 'sqlalchemy', management_store: 'sqlalchemy' },
        'drivers:message_store:sqlalchemy': { uri },
        'drivers:management_store:sqlalchemy': { uri },
      },
      open: openSqlStores,
      rawDump: async () => Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
