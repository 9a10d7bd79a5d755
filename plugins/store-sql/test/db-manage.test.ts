import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqlControlDriver, SqlDataDriver } from '../src';
import { createScratch, describeWithServer, type ScratchDatabase, type ServerKind } from './support/sql-servers';

// The command runs from the build: `tsc -b plugins/store-sql` first (npm test does).
const CLI = resolve(__dirname, '../dist/cli/db-manage.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function manage(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function confFile(dir: string, messageUri: string, managementUri: string): string {
  const file = join(dir, 'zaqar.conf');
  const text = `[drivers]\nmessage_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:message_store:sqlalchemy]\nuri = ${messageUri}\n[drivers:management_store:sqlalchemy]\nuri = ${managementUri}\n`;
  writeFileSync(file, text);
  return file;
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zaqar-db-manage-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('zaqar-sql-db-manage', () => {
  it('upgrades a new SQLite database once, reports the version, and the stores then open on it', async () => {
    const uri = `sqlite:///${join(dir, 'zaqar.db')}`;
    const conf = confFile(dir, uri, uri);
    expect((await manage(['--config-file', conf, 'current'])).stdout).toContain('management store at sqlite:');
    expect((await manage(['--config-file', conf, 'current'])).stdout).toMatch(/message store at .*: version 0 \(head is 3: run upgrade\)/);
    const first = await manage(['--config-file', conf, 'upgrade', 'head']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/management store at .*: upgraded from version 0 to 1\n {2}applied 1: queues/);
    expect(first.stdout).toMatch(
      /message store at .*: upgraded from version 0 to 3\n {2}applied 1: messages.*\n {2}applied 2: idempotency keys.*\n {2}applied 3: messages_queue_claim indexes claimed messages only/,
    );
    const again = await manage([`--config-file=${conf}`, 'upgrade']);
    expect(again.stdout.match(/already at version [13] \(head\)/g)).toHaveLength(2);
    expect((await manage(['--config-file', conf, 'current'])).stdout.match(/version [13] \(head\)/g)).toHaveLength(2);
    const data = new SqlDataDriver({ uri });
    await data.open();
    expect(await data.messages.post('p', 'q', [{ body: 1, ttl: 60, delay: 0 }], 'c')).toHaveLength(1);
    await data.close();
  });

  it('works only on the stores [drivers] sets to sqlalchemy, and honours OS_* overrides', async () => {
    const uri = `sqlite:///${join(dir, 'zaqar.db')}`;
    const conf = confFile(dir, uri, uri);
    const run = await manage(['--config-file', conf, 'upgrade'], { OS_DRIVERS__MESSAGE_STORE: 'redis' });
    expect(run.stdout).toContain('management store');
    expect(run.stdout).not.toContain('message store');
    const none = await manage(['--config-file', conf, 'upgrade'], { OS_DRIVERS__MESSAGE_STORE: 'redis', OS_DRIVERS__MANAGEMENT_STORE: 'redis' });
    expect(none).toMatchObject({ code: 0, stdout: expect.stringContaining('nothing to do') });
  });

  it('answers usage errors with 2 and failures with 1, in one line that hides the password', async () => {
    const conf = confFile(dir, 'postgresql://zaqar:s3cret@127.0.0.1:1/zaqar?connect_timeout=2', 'sqlite://');
    expect(await manage(['--config-file', conf, 'downgrade'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"downgrade" is not supported (schemas only move forward); expected upgrade [head], current, history'),
    });
    expect(await manage(['--config-file', conf, 'upgrade', 'abc123'])).toMatchObject({ code: 2 });
    expect(await manage(['--bogus'])).toMatchObject({ code: 2 });
    const failed = await manage(['--config-file', conf, 'upgrade']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^zaqar-sql-db-manage: .+\n$/);
    expect(failed.stdout + failed.stderr).not.toContain('s3cret');
  });
});

describe.each<[ServerKind, string]>([
  ['postgresql', 'PostgreSQL'],
  ['mysql', 'MariaDB'],
])('zaqar-sql-db-manage on %s', (kind, label) => {
  describeWithServer(kind, label, () => {
    let scratch: ScratchDatabase;
    beforeAll(async () => (scratch = await createScratch(kind)));
    afterAll(() => scratch.drop());

    it('creates both schemas in the same database, then the stores open on them', async () => {
      const conf = confFile(dir, scratch.uri, scratch.uri);
      const run = await manage(['--config-file', conf, 'upgrade']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.match(/upgraded from version 0 to [13]/g)).toHaveLength(2);
      expect((await manage(['--config-file', conf, 'current'])).stdout.match(/version [13] \(head\)/g)).toHaveLength(2);
      const control = new SqlControlDriver({ uri: scratch.uri });
      await control.open();
      expect(await control.queues.create('p', 'q', {})).toBe(true);
      await control.close();
    });
  });
});
