import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataDriver, Pool } from '@zaqarjs/core';
import { poolConf, pooledStores } from '@zaqarjs/server';
import { pluginContext, pluginModule } from './plugin-module';
import { openSqlStores } from './sqlite';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-sql/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-sql/dist/control-driver.js';
const POOLS = ['pool-a', 'pool-b'];

/**
 * Pooling over two pools, as the composition root wires it with `[DEFAULT]
 * pooling` (catalogue, placement, routing): the management store and the
 * configured message store on one SQLite file, two pools on two more SQLite
 * files (equal weights, so a suite's queues spread over both). The pools'
 * stores are built here from the store-sql plugin module (the server builds
 * them from the plugin catalogue by URI scheme, see pool-stores.ts).
 */
export const pooledBackend: TestBackend = {
  optionGroups: () => [...(pluginModule(DATA).options ?? []), ...(pluginModule(CONTROL).options ?? [])],
  async prepare() {
    const dir = mkdtempSync(join(tmpdir(), 'zaqar-pooled-'));
    const catalog = join(dir, 'catalog.db');
    const uri = `sqlite:///${catalog}`;
    const files = [catalog, ...POOLS.map((name) => join(dir, `${name}.db`))];
    return {
      sections: {
        drivers: { message_store: 'sqlalchemy', management_store: 'sqlalchemy' },
        'drivers:message_store:sqlalchemy': { uri },
        'drivers:management_store:sqlalchemy': { uri },
      },
      async open(conf, logger) {
        const { data: base, control } = await openSqlStores(conf, logger);
        const opened = new Map<string, { pool: Pool; store: DataDriver }>();
        for (const name of POOLS) {
          const pool: Pool = { name, uri: `sqlite:///${join(dir, `${name}.db`)}`, weight: 100, flavor: null, options: {} };
          const storeConf = poolConf(conf, pluginModule(DATA).options ?? [], pool.uri, {});
          const store = (await pluginModule(DATA).create(pluginContext(storeConf, logger, 'sqlalchemy'))) as DataDriver;
          await store.open();
          if (!(await control.pools.exists(name))) await control.pools.create(pool);
          opened.set(name, { pool, store });
        }
        // What the pooled stores use of PoolStores.
        const stores = {
          onChange: () => undefined,
          storeNamed: async (name: string) => {
            const entry = opened.get(name);
            if (!entry) throw new Error(`Pool ${name} is not open`);
            return entry.store;
          },
          all: async () => [...opened.values()],
          close: async () => {
            await Promise.allSettled([...opened.values()].map((entry) => entry.store.close()));
            await base.close();
          },
        };
        return pooledStores(control, base, stores as never, false);
      },
      rawDump: async () =>
        Buffer.concat(
          files
            .flatMap((f) => [f, `${f}-wal`])
            .filter((f) => existsSync(f))
            .map((f) => readFileSync(f)),
        ),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};
