import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conf, Logger, PluginContext } from '@zaqarjs/core';
import * as controlModule from '../src/control-driver';
import * as dataModule from '../src/data-driver';
import { SqlControlDriver, SqlDataDriver } from '../src';

const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };

function context(groups: Record<string, { uri: string }>): PluginContext {
  const conf: Conf = {
    group: <T>(name: string) => {
      if (!groups[name]) throw new Error(`undeclared group ${name}`);
      return groups[name] as T;
    },
    raw: () => ({}),
    files: [],
    configDirs: [],
  };
  return { conf, logger, container: undefined as never, name: 'sqlalchemy' };
}

describe('plugin modules', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-plugin-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['data', dataModule, 'drivers:message_store:sqlalchemy'],
    ['control', controlModule, 'drivers:management_store:sqlalchemy'],
  ])('%s module exports options and create, also as default', (_kind, mod, group) => {
    expect(mod.options).toEqual([
      { group, owner: '@zaqarjs/store-sql', options: [expect.objectContaining({ name: 'uri', type: 'string', secret: true, default: 'sqlite:///data/zaqar.db' })] },
    ]);
    expect(mod.default.options).toBe(mod.options);
    expect(mod.default.create).toBe(mod.create);
  });

  it('creates unopened drivers from the configured uri; a relative path follows the working directory', async () => {
    jest.spyOn(process, 'cwd').mockReturnValue(dir);
    const ctx = context({
      'drivers:message_store:sqlalchemy': { uri: 'sqlite:///state/zaqar.db' },
      'drivers:management_store:sqlalchemy': { uri: 'sqlite:///state/zaqar.db' },
    });
    const data = dataModule.create(ctx) as SqlDataDriver;
    const control = controlModule.create(ctx) as SqlControlDriver;
    expect(data).toBeInstanceOf(SqlDataDriver);
    expect(data.location).toBe(join(dir, 'state', 'zaqar.db'));
    expect(await data.isAlive()).toBe(false);
    await data.open();
    await control.open();
    expect(existsSync(join(dir, 'state', 'zaqar.db'))).toBe(true);
    expect(await data.isAlive()).toBe(true);
    expect(await control.isAlive()).toBe(true);
    await data.close();
    await control.close();
    expect(await data.isAlive()).toBe(false);
  });

  it('refuses server dialects at creation with a clear error that hides the uri', () => {
    const ctx = context({
      'drivers:message_store:sqlalchemy': { uri: 'mysql+pymysql://zaqar:s3cret@db/zaqar' },
      'drivers:management_store:sqlalchemy': { uri: 'postgresql://zaqar:s3cret@db/zaqar' },
    });
    expect(() => dataModule.create(ctx)).toThrow(/MySQL\/MariaDB is not supported yet/);
    expect(() => controlModule.create(ctx)).toThrow(/PostgreSQL is not supported yet/);
    expect(() => dataModule.create(ctx)).not.toThrow(/s3cret/);
  });

  it('reports the SQL capabilities', () => {
    expect(new SqlDataDriver({ uri: 'sqlite://' }).capabilities).toEqual(['FIFO', 'CLAIMS', 'DURABILITY', 'AOD']);
  });
});
