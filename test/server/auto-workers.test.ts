/**
 * `[DEFAULT] workers = 0` (the default), as real processes: one process per core, except on the
 * embedded SQLite message store, which prefers one process (`DataDriver.prefersOneProcess`) and
 * gets one, and on a Redis on this host (`DataDriver.serverOnThisHost`), which is left a core;
 * each with a log line saying why.
 */
import * as os from 'node:os';
import { dropPrefix, testPrefix } from '../../plugins/store-redis/test/redis-test-server';
import { fixtureConf, logLines, runCli, startCli, tempDir } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'auto-workers', 'Content-Type': 'application/json' };
const SQLITE_CONF = '[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = 0\n';

describe('zaqar-server with workers = 0', () => {
  it('serves the embedded SQLite store from one process and says so', async () => {
    const dir = tempDir('zaqar-auto-sqlite-');
    const server = await startCli(['--config-file', dir.write('zaqar.conf', SQLITE_CONF)], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '0' } });
    try {
      const res = await fetch(`${server.url()}/v2/queues/auto/messages`, { method: 'POST', headers: HEADERS, body: '{"messages":[{"body":1}]}' });
      expect(res.status).toBe(201);
    } finally {
      const result = await server.stop();
      expect(result.code).toBe(0);
      const lines = logLines(result.stdout);
      expect(lines.filter((l) => l.event === 'one_process')).toEqual([expect.objectContaining({ messageStore: 'sqlalchemy' })]);
      expect(lines.filter((l) => l.event === 'primary' || l.event === 'worker_ready')).toEqual([]);
      // Every line, the one that said why included, came from the process that served.
      expect(new Set(lines.map((l) => l.pid))).toEqual(new Set([server.child.pid]));
    }
  }, 30_000);

  it('runs one worker per core on a store that does not ask for one process', async () => {
    const dir = tempDir('zaqar-auto-fixture-');
    const cores = os.availableParallelism();
    const server = await startCli(['--config-file', dir.write('zaqar.conf', fixtureConf())], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '0' } });
    const result = await server.stop();
    const lines = logLines(result.stdout);
    expect(lines.filter((l) => l.event === 'one_process')).toEqual([]);
    expect(lines.filter((l) => l.event === 'primary')).toEqual(cores > 1 ? [expect.objectContaining({ workers: cores })] : []);
  }, 30_000);

  it('leaves a core to a Redis on this host', async () => {
    const dir = tempDir('zaqar-auto-redis-');
    const prefix = testPrefix('auto-workers');
    // Loopback on purpose (not ZAQAR_TEST_REDIS_URI): the rule under test is about a Redis on this host.
    const local = 'redis://127.0.0.1:6379';
    const conf = `${SQLITE_CONF}[drivers]\nmessage_store = redis\n[drivers:message_store:redis]\nuri = ${local}?key_prefix=${encodeURIComponent(prefix)}\n`;
    const cores = os.availableParallelism();
    const server = await startCli(['--config-file', dir.write('zaqar.conf', conf)], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '0' } });
    try {
      const res = await fetch(`${server.url()}/v2/queues/auto/messages`, { method: 'POST', headers: HEADERS, body: '{"messages":[{"body":1}]}' });
      expect(res.status).toBe(201);
    } finally {
      const result = await server.stop();
      await dropPrefix(prefix, local);
      expect(result.code).toBe(0);
      const lines = logLines(result.stdout);
      const expected = cores > 1 ? [expect.objectContaining({ messageStore: 'redis', workers: cores - 1 })] : [];
      expect(lines.filter((l) => l.event === 'core_left_to_store')).toEqual(expected);
      expect(lines.filter((l) => l.event === 'primary')).toEqual(cores > 2 ? [expect.objectContaining({ workers: cores - 1 })] : []);
    }
  }, 30_000);

  it('reports a store that cannot be created from the one process, with its one line', async () => {
    const dir = tempDir('zaqar-auto-bad-');
    const conf = dir.write('zaqar.conf', '[drivers:message_store:sqlalchemy]\nuri = nosuch://x\n');
    const result = await runCli(['--config-file', conf], { cwd: dir.dir, env: { OS_DEFAULT__WORKERS: '0' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-server: .*nosuch.*\n$/);
    expect(logLines(result.stdout).filter((l) => l.event === 'primary')).toEqual([]);
  }, 30_000);
});
