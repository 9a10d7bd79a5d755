/**
 * The real python-zaqarclient (Debian python3-zaqarclient) against a real
 * zaqar-server process on the embedded SQLite store.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'zaqarclient_session.py');

function clientInstalled(): boolean {
  return spawnSync(PYTHON, ['-c', 'import zaqarclient'], { stdio: 'ignore' }).status === 0;
}

const available = clientInstalled();
if (!available && process.env.CI === 'true') {
  throw new Error('python3-zaqarclient is not installed; .ci/run installs it (apt-get install python3-zaqarclient)');
}
const maybe = available ? describe : describe.skip;

maybe(available ? 'python-zaqarclient' : 'python-zaqarclient (SKIPPED: /usr/bin/python3 has no zaqarclient; apt-get install python3-zaqarclient)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('manages queues, messages and claims through the client library', () => {
    const out = execFileSync(PYTHON, [SCRIPT, server.url, 'pyproject'], { encoding: 'utf8', timeout: 60_000 });
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
