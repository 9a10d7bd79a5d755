import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { container } from 'tsyringe';
import type { Conf, ControlDriver, DataDriver, Logger, OptionGroup, PluginModule } from '@zaqarjs/core';
import { MemoryControlDriver, MemoryDataDriver } from './memory-store';

/** Back ends the HTTP suites can run on; pick one with ZAQAR_TEST_STORE (default `sql`). */
export type StoreKind = 'memory' | 'sql';

/** Environment variable selecting the back end of the cross-package suites. */
export const TEST_STORE_ENV = 'ZAQAR_TEST_STORE';

export function selectedStore(): StoreKind {
  const chosen = (process.env[TEST_STORE_ENV] ?? 'sql').trim();
  if (chosen !== 'memory' && chosen !== 'sql') throw new Error(`${TEST_STORE_ENV} must be memory or sql, not ${JSON.stringify(chosen)}`);
  return chosen;
}

/** A pair of opened stores plus what the test may need to inspect them. */
export interface TestStores {
  kind: StoreKind;
  data: DataDriver;
  control: ControlDriver;
  /** SQLite file holding both stores (sql only). */
  dbFile?: string;
  close(): Promise<void>;
}

/** Option groups the stores of `kind` declare (registered before the conf is coerced). */
export function storeOptionGroups(kind: StoreKind): OptionGroup[] {
  if (kind !== 'sql') return [];
  return [...sqlPlugin('data-driver').options ?? [], ...sqlPlugin('control-driver').options ?? []];
}

function sqlPlugin(entry: 'data-driver' | 'control-driver'): PluginModule {
  // Loaded lazily so the memory back end works while the SQL store does not build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(`@zaqarjs/store-sql/dist/${entry}.js`) as PluginModule & { default?: PluginModule };
  return loaded.default ?? loaded;
}

/** Conf sections pointing both SQL stores at one fresh SQLite file in a temp folder. */
export function sqlSections(): { sections: Record<string, Record<string, string>>; dbFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zaqar-http-'));
  const dbFile = join(dir, 'zaqar.db');
  const uri = `sqlite:///${dbFile}`;
  return { sections: { 'drivers:message_store:sqlalchemy': { uri }, 'drivers:management_store:sqlalchemy': { uri } }, dbFile, dir };
}

/** Creates and opens the stores of `kind` for `conf`. */
export async function openStores(kind: StoreKind, conf: Conf, logger: Logger, sql?: { dbFile: string; dir: string }): Promise<TestStores> {
  if (kind === 'memory') {
    const data = new MemoryDataDriver();
    const control = new MemoryControlDriver();
    return { kind, data, control, close: async () => undefined };
  }
  const ctx = { conf, logger, container: container.createChildContainer(), name: 'sqlalchemy' };
  const data = (await sqlPlugin('data-driver').create(ctx)) as DataDriver;
  const control = (await sqlPlugin('control-driver').create(ctx)) as ControlDriver;
  await control.open();
  await data.open();
  return {
    kind,
    data,
    control,
    dbFile: sql?.dbFile,
    close: async () => {
      await data.close();
      await control.close();
      if (sql) rmSync(sql.dir, { recursive: true, force: true });
    },
  };
}
