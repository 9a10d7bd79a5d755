/**
 * The operator commands as a user runs them from a checkout after `npm ci`: by
 * name, from node_modules/.bin on the PATH (no `node …/dist/…` paths), against
 * the embedded SQLite store: zaqar-server, zaqar-gc, zaqar-status upgrade check,
 * zaqar-sql-db-manage and zaqar-bench.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { HEAP_FLAGS } from '../../packages/server/src/cluster/worker-flags';
import { BIN_PATH, REPO, runCli, startCli, tempDir, type CliServer } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'ops', 'Content-Type': 'application/json' };
const env = { PATH: BIN_PATH };

function sqliteConf(dir: string, extra = ''): string {
  const uri = `sqlite:///${dir}/zaqar.db`;
  return `[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n${extra}`;
}

describe('commands on the PATH of a checkout', () => {
  it('package.json bins are committed executable shims, so `npm ci` links them before any build', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'packages/server/package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(Object.keys(pkg.bin).sort()).toEqual(['zaqar-bench', 'zaqar-gc', 'zaqar-gen-config', 'zaqar-server', 'zaqar-sql-db-manage', 'zaqar-status']);
    expect(pkg.files).toContain('bin');
    for (const [name, file] of Object.entries(pkg.bin)) {
      expect(file).toMatch(/^bin\//);
      expect(fs.statSync(path.join(REPO, 'packages/server', file)).mode & 0o111).not.toBe(0);
      expect(fs.realpathSync(path.join(REPO, 'node_modules/.bin', name))).toBe(fs.realpathSync(path.join(REPO, 'packages/server', file)));
    }
  });

  it('the published package carries the shims and the built commands (npm install -g @zaqarjs/server)', async () => {
    const packed = await runCli(
      ['pack', '--dry-run', '--json', '-w', '@zaqarjs/server'],
      { cwd: REPO, env: { PATH: BIN_PATH, HOME: process.env.HOME ?? '/root' } },
      ['npm'],
    );
    expect(packed.code).toBe(0);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const name of ['zaqar-server', 'zaqar-gc', 'zaqar-status', 'zaqar-bench', 'zaqar-sql-db-manage', 'zaqar-gen-config']) {
      expect(files).toContain(`bin/${name}.js`);
    }
    expect(files).toEqual(
      expect.arrayContaining(['bin/launch.js', 'dist/cli.js', 'dist/gc-cli.js', 'dist/status-cli.js', 'dist/bench-cli.js', 'dist/gen-config.js']),
    );
  });

  it('a shim whose build is missing says to build', async () => {
    const t = tempDir();
    t.write('bin/launch.js', fs.readFileSync(path.join(REPO, 'packages/server/bin/launch.js'), 'utf8'));
    const shim = t.write('bin/zaqar-gc.js', fs.readFileSync(path.join(REPO, 'packages/server/bin/zaqar-gc.js'), 'utf8'));
    const result = await runCli([], {}, [process.execPath, shim]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-gc: .*dist\/gc-cli\.js is not built yet; run `npm run build`/);
  });

  it('zaqar-server in one process runs with the V8 heap flags its cluster workers get (RSS under load)', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', sqliteConf(t.dir))], { env }, 1, ['zaqar-server']);
    try {
      const argv = fs.readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
      expect(argv).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
      expect((await fetch(`${server.url()}/v2/ping`, { headers: HEADERS })).status).toBe(204);
    } finally {
      await server.stop();
    }
  });

  it('zaqar-server --version and zaqar-bench --help run by name', async () => {
    expect(await runCli(['--version'], { env }, ['zaqar-server'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^zaqar-server \d/) });
    const bench = await runCli(['--help'], { env }, ['zaqar-bench']);
    expect(bench.code).toBe(0);
    expect(bench.stdout).toContain('--producer_workers');
  });
});

describe('zaqar-gc', () => {
  let server: CliServer | undefined;
  afterEach(async () => void (await server?.stop()));

  it('removes expired messages from the SQLite store once and exits 0', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', sqliteConf(t.dir));
    server = await startCli(['--config-file', conf], { env }, 1, ['zaqar-server']);
    const post = await fetch(`${server.url()}/v2/queues/gc/messages`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({
        messages: [
          { ttl: 60, body: 1 },
          { ttl: 60, body: 2 },
          { ttl: 3600, body: 3 },
        ],
      }),
    });
    expect(post.status).toBe(201);
    await server.stop();
    server = undefined;
    const db = new Database(path.join(t.dir, 'zaqar.db'));
    try {
      db.prepare('update messages set expires = 1 where ttl = 60').run();
    } finally {
      db.close();
    }
    const result = await runCli(['--config-file', conf], { env }, ['zaqar-gc']);
    expect(result).toMatchObject({ code: 0, stdout: '[drivers] message_store sqlalchemy: removed 2 expired records (messages 2)\n' });
    const check = new Database(path.join(t.dir, 'zaqar.db'), { readonly: true });
    try {
      expect(check.prepare('select count(*) as n from messages').get()).toEqual({ n: 1 });
    } finally {
      check.close();
    }
  });

  it('a store that cannot be opened exits 1 with one line', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', '[drivers:message_store:sqlalchemy]\nuri = postgresql://nobody@127.0.0.1:1/none\n');
    const result = await runCli(['--config-file', conf], { env }, ['zaqar-gc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^zaqar-gc: .+\n$/);
  });
});

describe('zaqar-status upgrade check', () => {
  it('a good configuration: every check succeeds, exit 0', async () => {
    const t = tempDir();
    const result = await runCli(['--config-file', t.write('zaqar.conf', sqliteConf(t.dir)), 'upgrade', 'check'], { env }, ['zaqar-status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| Upgrade Check Results');
    expect(result.stdout).toContain('| Check: policy File JSON to YAML Migration');
    expect(result.stdout).not.toMatch(/Result: (Warning|Failure)/);
  });

  it('a JSON policy file is a warning, exit 1', async () => {
    const t = tempDir();
    t.write('policy.json', '{}');
    const conf = t.write('zaqar.conf', sqliteConf(t.dir, '[oslo_policy]\npolicy_file = policy.json\n'));
    const result = await runCli(['--config-file', conf, 'upgrade', 'check'], { env }, ['zaqar-status']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Result: Warning/);
  });

  it('an unknown store or an unreachable one is a failure, exit 2', async () => {
    const t = tempDir();
    const unknown = await runCli(['--config-file', t.write('a.conf', '[drivers]\nmessage_store = nosuch\n'), 'upgrade', 'check'], { env }, ['zaqar-status']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Unknown [drivers] message_store "nosuch"');
    const down = await runCli(
      ['--config-file', t.write('b.conf', '[drivers:message_store:sqlalchemy]\nuri = postgresql://nobody@127.0.0.1:1/none\n'), 'upgrade', 'check'],
      { env },
      ['zaqar-status'],
    );
    expect(down.code).toBe(2);
    expect(down.stdout).toMatch(/Check: Message and management stores reachable\s*\|\n\| Result: Failure/);
  });
});

describe('zaqar-bench', () => {
  it('drives our own server: producers, consumers and observers all succeed', async () => {
    const t = tempDir();
    const server = await startCli(['--config-file', t.write('zaqar.conf', sqliteConf(t.dir))], { env }, 1, ['zaqar-server']);
    try {
      const args = ['-s', server.url(), '-t', '1', '-pw', '2', '-cw', '1', '-ow', '1', '--messages_per_post', '3', '-qno', '2', '--nodebug'];
      const result = await runCli(args, { env }, ['zaqar-bench']);
      expect(result.code).toBe(0);
      const stats = JSON.parse(result.stdout) as Record<string, Record<string, number>>;
      expect(stats.params).toEqual({ producer: { processes: 1, workers: 2 }, consumer: { processes: 1, workers: 1 }, observer: { processes: 1, workers: 1 } });
      expect(stats.producer.successful_reqs).toBeGreaterThan(0);
      expect(stats.producer.successful_reqs).toBe(stats.producer.total_reqs);
      expect(stats.producer.messages_per_sec).toBeCloseTo(stats.producer.reqs_per_sec * 3);
      expect(stats.producer.ms_per_req).toBeGreaterThan(0);
      expect(stats.consumer.claim_total_requests).toBeGreaterThan(0);
      expect(stats.consumer.messages_processed).toBeGreaterThan(0);
      expect(stats.observer.successful_reqs).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});

describe('zaqar-sql-db-manage', () => {
  it('upgrade, current, stamp, history and check_migration', async () => {
    const t = tempDir();
    const conf = t.write('zaqar.conf', sqliteConf(t.dir));
    const run = (...args: string[]) => runCli(['--config-file', conf, ...args], { env }, ['zaqar-sql-db-manage']);
    expect((await run('upgrade', 'head')).stdout).toMatch(/message store at .*: upgraded from version 0 to 3/);
    expect((await run('stamp', '0')).stdout).toMatch(/message store at .*: stamped version 0/);
    expect((await run('current')).stdout).toMatch(/message store at .*: version 0 \(head is 3: run upgrade\)/);
    expect((await run('stamp', 'head')).code).toBe(0);
    expect((await run('current')).stdout).toMatch(/message store at .*: version 3 \(head\)/);
    expect((await run('history')).stdout).toMatch(/^message store:\n {2}3: messages_queue_claim.+ \(head\)\n {2}2: idempotency keys.+\n {2}1: .+\n/);
    expect(await run('check_migration')).toMatchObject({ code: 0, stdout: 'Migrations are linear: no branches.\n' });
    const downgrade = await run('downgrade', '0');
    expect(downgrade.code).toBe(2);
    expect(downgrade.stderr).toContain('"downgrade" is not supported');
  });
});
