/**
 * The plugin loader against the fixture packages in test/fixtures/plugins and
 * the real workspace packages: every failure is a typed error with a stable
 * code and one line that says what to fix.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  NAMESPACES,
  PluginApiVersionError,
  PluginDependencyMissingError,
  PluginDirNotFoundError,
  PluginEntryMissingError,
  PluginLoadError,
  PluginShapeError,
  UnknownPluginError,
  discoverPlugins,
  loadPlugin,
  type PluginCatalog,
} from '@zaqarjs/core';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'test/fixtures/plugins');
const EMPTY_APP = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-app-'));

/** A catalog of the fixtures only (the app root has no node_modules). */
const fixtures = (): PluginCatalog => discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir: FIXTURES, origin: 'test' }] });
const data = (name: string) => ({ namespace: NAMESPACES.dataStorage, setting: '[drivers] message_store', name });

async function failure(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a failure');
}

describe('discoverPlugins', () => {
  it('finds the fixture packages in a plugin folder of packages', () => {
    const catalog = fixtures();
    expect(catalog.names(NAMESPACES.dataStorage)).toEqual([
      'broken-shape',
      'entry-missing',
      'memory-fixture',
      'missing-dependency',
      'no-api-version',
      'throws-on-load',
      'wrong-api-version',
    ]);
    expect(catalog.names(NAMESPACES.transport)).toEqual(['fixture-http']);
    expect(catalog.names(NAMESPACES.stages)).toEqual(['fixture-tag']);
  });

  it('accepts a folder that is itself a plugin package', () => {
    const catalog = discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir: path.join(FIXTURES, 'fixture-transport'), origin: 'test' }] });
    expect(catalog.find(NAMESPACES.transport, 'fixture-http')?.package.name).toBe('zaqar-fixture-transport');
    expect(catalog.names(NAMESPACES.dataStorage)).toEqual([]);
  });

  it("resolves installed packages from the application's node_modules lookup path (the workspace plugins here)", () => {
    const catalog = discoverPlugins({ appRoot: path.join(REPO, 'packages/server/dist/cli.js') });
    const sql = catalog.find(NAMESPACES.dataStorage, 'sqlalchemy');
    expect(sql?.package.name).toBe('@zaqarjs/store-sql');
    expect(sql?.package.dir).toBe(path.join(REPO, 'plugins/store-sql'));
    expect(catalog.find(NAMESPACES.controlStorage, 'sqlalchemy')?.package.name).toBe('@zaqarjs/store-sql');
    expect(catalog.find(NAMESPACES.transport, 'wsgi')?.package.name).toBe('@zaqarjs/transport-wsgi');
  });

  it('finds nothing from an application folder without node_modules', () => {
    expect(discoverPlugins({ appRoot: EMPTY_APP }).names(NAMESPACES.dataStorage)).toEqual([]);
  });

  it('lets plugin folders shadow installed packages, with a warning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-shadow-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'my-sql', zaqar: { apiVersion: '^1.0.0', entryPoints: { 'zaqar.data.storage': { sqlalchemy: './x.js' } } } }),
    );
    const catalog = discoverPlugins({ appRoot: path.join(REPO, 'packages/server/dist/cli.js'), pluginDirs: [{ dir, origin: 'test' }] });
    expect(catalog.find(NAMESPACES.dataStorage, 'sqlalchemy')?.package.name).toBe('my-sql');
    expect(catalog.warnings).toEqual([expect.stringContaining('"sqlalchemy" of @zaqarjs/store-sql')]);
  });

  it('fails on a plugin folder that does not exist, naming where it came from', () => {
    const error = (() => {
      try {
        discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir: '/nonexistent/zaqar-plugins', origin: 'ZAQAR_PLUGIN_PATH' }] });
      } catch (e) {
        return e as PluginDirNotFoundError;
      }
    })();
    expect(error).toBeInstanceOf(PluginDirNotFoundError);
    expect(error?.code).toBe('ZAQAR_PLUGIN_DIR_NOT_FOUND');
    expect(error?.message).toBe('Plugin folder /nonexistent/zaqar-plugins (from ZAQAR_PLUGIN_PATH) does not exist');
  });
});

describe('loadPlugin', () => {
  it('loads a valid plugin with its options and create()', async () => {
    const loaded = await loadPlugin(fixtures(), data('memory-fixture'));
    expect(loaded.entry.package.name).toBe('zaqar-fixture-stores');
    expect(typeof loaded.module.create).toBe('function');
    expect(loaded.module.options?.[0].group).toBe('drivers:message_store:memory-fixture');
  });

  it('accepts a plugin whose create() lives on the default export', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-default-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'esm-style', zaqar: { apiVersion: '>=1.0.0 <2', entryPoints: { 'zaqar.transport': { d: './i.js' } } } }),
    );
    fs.writeFileSync(path.join(dir, 'i.js'), 'exports.default = { create: () => ({ made: true, listen() {}, close() {} }), options: [] };');
    const loaded = await loadPlugin(discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir, origin: 't' }] }), {
      namespace: NAMESPACES.transport,
      setting: '[drivers] transport',
      name: 'd',
    });
    expect(await loaded.module.create({} as never)).toMatchObject({ made: true });
  });

  it("refuses what create() returns when it lacks a member of the namespace's contract", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-hollow-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'hollow',
        zaqar: { apiVersion: '^1.0.0', entryPoints: { 'zaqar.data.storage': { h: './i.js' }, 'zaqar.transport': { h: './i.js' } } },
      }),
    );
    const store = '{ open() {}, isAlive() {}, close() {}, capabilities: [], messages: new Proxy({}, { get: () => () => 0 }), claims: {}, subscriptions: {} }';
    fs.writeFileSync(path.join(dir, 'i.js'), `exports.create = () => (${store});`);
    const catalog = discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir, origin: 't' }] });
    const loaded = await loadPlugin(catalog, data('h'));
    const error = await failure(Promise.resolve(loaded.module.create({} as never)));
    expect(error.code).toBe('ZAQAR_PLUGIN_INVALID_SHAPE');
    expect(error.message).toBe(
      '[drivers] message_store "h": package hollow is not a valid zaqar plugin: create() returned a message store without claims.create',
    );
    const transport = await loadPlugin(catalog, { namespace: NAMESPACES.transport, setting: '[drivers] transport', name: 'h' });
    expect((await failure(Promise.resolve(transport.module.create({} as never)))).message).toMatch(/create\(\) returned a transport without listen$/);
  });

  it('stops on an unknown name, listing the available ones', async () => {
    const error = await failure(loadPlugin(discoverPlugins({ appRoot: path.join(REPO, 'packages/server/dist/cli.js') }), data('nosuch')));
    expect(error).toBeInstanceOf(UnknownPluginError);
    expect(error.code).toBe('ZAQAR_PLUGIN_UNKNOWN');
    expect(error.message).toMatch(/^Unknown \[drivers\] message_store "nosuch"; available: (.*, )?sqlalchemy(, .*)?$/);
    expect((error as UnknownPluginError).available).toContain('sqlalchemy');
  });

  it('says so when nothing at all provides the namespace', async () => {
    const error = await failure(loadPlugin(discoverPlugins({ appRoot: EMPTY_APP }), data('redis')));
    expect(error.message).toBe('Unknown [drivers] message_store "redis"; available: none (no installed package provides zaqar.data.storage entry points)');
  });

  it('rejects an entry without create()', async () => {
    const error = await failure(loadPlugin(fixtures(), data('broken-shape')));
    expect(error).toBeInstanceOf(PluginShapeError);
    expect(error.code).toBe('ZAQAR_PLUGIN_INVALID_SHAPE');
    expect(error.message).toBe(
      `[drivers] message_store "broken-shape": package zaqar-fixture-broken-shape is not a valid zaqar plugin: ${path.join(FIXTURES, 'broken-shape/index.js')} does not export a create() function`,
    );
  });

  it('tells "installed, but its dependency is missing" apart from "not installed"', async () => {
    const error = await failure(loadPlugin(fixtures(), data('missing-dependency')));
    expect(error).toBeInstanceOf(PluginDependencyMissingError);
    expect(error.code).toBe('ZAQAR_PLUGIN_DEPENDENCY_MISSING');
    expect(error.message).toBe(
      '[drivers] message_store "missing-dependency": package zaqar-fixture-missing-dependency is installed but its dependency "zaqar-fixture-dependency-that-is-not-installed" is missing; reinstall zaqar-fixture-missing-dependency with its dependencies (npm install)',
    );
  });

  it('refuses an incompatible apiVersion without running any of the plugin code', async () => {
    const global = globalThis as { __zaqarFixtureLoaded?: number };
    const before = global.__zaqarFixtureLoaded ?? 0;
    const error = await failure(loadPlugin(fixtures(), data('wrong-api-version')));
    expect(error).toBeInstanceOf(PluginApiVersionError);
    expect(error.code).toBe('ZAQAR_PLUGIN_API_MISMATCH');
    expect(error.message).toBe(
      '[drivers] message_store "wrong-api-version": package zaqar-fixture-wrong-api-version requires plugin API ^2.0.0, but this server provides 1.0.0',
    );
    expect(global.__zaqarFixtureLoaded ?? 0).toBe(before);
  });

  it('refuses a package without apiVersion', async () => {
    const error = await failure(loadPlugin(fixtures(), data('no-api-version')));
    expect(error).toBeInstanceOf(PluginApiVersionError);
    expect(error.message).toBe(
      '[drivers] message_store "no-api-version": package zaqar-fixture-no-api-version declares no "zaqar.apiVersion" range in its package.json (this server provides plugin API 1.0.0)',
    );
  });

  it('says when the declared entry file is missing (package not built)', async () => {
    const error = await failure(loadPlugin(fixtures(), data('entry-missing')));
    expect(error).toBeInstanceOf(PluginEntryMissingError);
    expect(error.code).toBe('ZAQAR_PLUGIN_ENTRY_MISSING');
    expect(error.message).toBe(
      `[drivers] message_store "entry-missing": package zaqar-fixture-entry-missing declares ${path.join(FIXTURES, 'entry-missing/dist/index.js')}, which does not exist (is the package built?)`,
    );
  });

  it('reports an entry that throws while loading in one line', async () => {
    const error = await failure(loadPlugin(fixtures(), data('throws-on-load')));
    expect(error).toBeInstanceOf(PluginLoadError);
    expect(error.code).toBe('ZAQAR_PLUGIN_LOAD_FAILED');
    expect(error.message).toBe(
      '[drivers] message_store "throws-on-load": package zaqar-fixture-throws-on-load failed to load: fixture plugin exploded while loading',
    );
  });

  it('rejects malformed options', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-badopts-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'bad-options', zaqar: { apiVersion: '^1', entryPoints: { 'zaqar.data.storage': { b: './i.js' } } } }),
    );
    fs.writeFileSync(path.join(dir, 'i.js'), 'exports.create = () => ({}); exports.options = { group: "x" };');
    const error = await failure(loadPlugin(discoverPlugins({ appRoot: EMPTY_APP, pluginDirs: [{ dir, origin: 't' }] }), data('b')));
    expect(error).toBeInstanceOf(PluginShapeError);
    expect(error.message).toContain('exports "options" that is not an array of option groups');
  });
});
