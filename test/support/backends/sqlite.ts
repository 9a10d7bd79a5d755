import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlDriver, DataDriver } from '@zaqarjs/core';
import { pluginContext, pluginModule } from './plugin-module';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-sql/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-sql/dist/control-driver.js';

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
      async open(conf, logger) {
        const data = (await pluginModule(DATA).create(pluginContext(conf, logger, 'sqlalchemy'))) as DataDriver;
        const control = (await pluginModule(CONTROL).create(pluginContext(conf, logger, 'sqlalchemy'))) as ControlDriver;
        await control.open();
        await data.open();
        return { data, control };
      },
      rawDump: async () => Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
