/**
 * The real zaqar-server command, finding this plugin by its package.json entry points,
 * serving on Redis to the real python-zaqarclient (the session of test/client).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startServerProcess, type ServerProcess } from '../../../test/support/server-process';
import { describeWithRedis, dropPrefix, testPrefix, testUri } from './redis-test-server';

const PYTHON = '/usr/bin/python3';
const SESSION = path.resolve(__dirname, '../../../test/client/zaqarclient_session.py');
const haveClient = spawnSync(PYTHON, ['-c', 'import zaqarclient'], { stdio: 'ignore' }).status === 0;
const describeWithClient = process.env.CI === 'true' || haveClient ? describeWithRedis : describe.skip;

describeWithClient(haveClient ? 'zaqar-server on Redis with python-zaqarclient' : 'zaqar-server on Redis [skipped: no python3-zaqarclient]', () => {
  const prefix = testPrefix('cli');
  let server: ServerProcess;

  beforeAll(async () => {
    const uri = testUri(prefix);
    server = await startServerProcess(
      `[drivers]\nmessage_store = redis\nmanagement_store = redis\n` +
        `[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await dropPrefix(prefix);
  });

  it('manages queues, messages and claims through the client library', () => {
    const out = execFileSync(PYTHON, [SESSION, server.url, 'pyproject'], { encoding: 'utf8', timeout: 60_000 });
    const seen = JSON.parse(out.trim().split('\n').pop() as string);
    expect(seen.metadata).toMatchObject({ description: 'from python', _default_message_ttl: 600 });
    expect(seen.queue_names).toContain('pyclient-jobs');
    expect(seen.listed_bodies).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    expect(seen.got_one).toEqual({ n: 0 });
    expect(seen.stats_total).toBe(5);
    expect(seen.claimed_bodies).toEqual([{ n: 0 }, { n: 1 }]);
    expect(seen.claim_ttl).toBe(120);
    expect(seen.claim_ttl_after_update).toBe(180);
    expect(seen.after_claim_total).toBe(4);
    expect(seen.popped_bodies).toEqual([{ n: 1 }, { n: 2 }]);
    expect(seen.final_total).toBe(0);
    expect(seen.queue_names_after_delete).not.toContain('pyclient-jobs');
  });
});
