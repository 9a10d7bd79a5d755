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
      {
        group,
        owner: '@zaqarjs/store-sql',
        options: [expect.objectContaining({ name: 'uri', type: 'string', secret: true, default: 'sqlite:///data/zaqar.db' })],
      },
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

  it('creates unopened drivers for server uris; only PostgreSQL carries cross-process events', () => {
    const ctx = context({
      'drivers:message_store:sqlalchemy': { uri: 'mysql+pymysql://zaqar:s3cret@db/zaqar?charset=utf8mb4' },
      'drivers:management_store:sqlalchemy': { uri: 'postgresql+psycopg2://zaqar:s3cret@db:5433/zaqar?sslmode=require' },
    });
    const data = dataModule.create(ctx) as SqlDataDriver;
    expect(data.location).toBe('mysql');
    expect(data.events).toBeUndefined();
    expect((controlModule.create(ctx) as SqlControlDriver).location).toBe('postgresql');
    expect(new SqlDataDriver({ uri: 'postgresql://db/zaqar' }).events).toBeDefined();
    expect(new SqlDataDriver({ uri: 'sqlite://' }).events).toBeUndefined();
  });

  it('refuses unusable server uris at creation with a clear error that hides the password', () => {
    const ctx = context({
      'drivers:message_store:sqlalchemy': { uri: 'mysql+pymysql://zaqar:s3cret@db/zaqar?charset=latin1' },
      'drivers:management_store:sqlalchemy': { uri: 'postgresql://zaqar:s3cret@db:5432/zaqar?pool_size=5' },
    });
    expect(() => dataModule.create(ctx)).toThrow(/charset=utf8mb4/);
    expect(() => controlModule.create(ctx)).toThrow(/Unsupported PostgreSQL uri parameter "pool_size"/);
    expect(() => new SqlDataDriver({ uri: 'postgresql://zaqar:s3cret@db' })).toThrow(/must name a database/);
    for (const uri of ['mysql://zaqar:s3cret@db/zaqar?charset=latin1', 'postgresql://zaqar:s3cret@db', 'mariadb://zaqar:s3cret@db:x/zaqar']) {
      expect(() => new SqlDataDriver({ uri })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
    }
  });

  it('reports the SQL capabilities', () => {
    expect(new SqlDataDriver({ uri: 'sqlite://' }).capabilities).toEqual(['FIFO', 'CLAIMS', 'DURABILITY', 'AOD']);
  });
});
