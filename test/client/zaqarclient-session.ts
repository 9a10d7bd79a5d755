/**
 * Runs zaqarclient_session.py (the real python-zaqarclient) against a server and checks what it
 * saw; shared by the client test on the embedded store and by each store's own client test.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'zaqarclient_session.py');

/** Whether Debian's python3-zaqarclient is importable by /usr/bin/python3. */
export function zaqarClientInstalled(): boolean {
  return spawnSync(PYTHON, ['-c', 'import zaqarclient'], { stdio: 'ignore' }).status === 0;
}

/** Drives the whole session against `url` and asserts every step's outcome. */
export function expectZaqarClientSession(url: string, project = 'pyproject'): void {
  expectSessionOutput(execFileSync(PYTHON, [SCRIPT, url, project], { encoding: 'utf8', timeout: 60_000 }));
}

/**
 * The same session without blocking this process (for a server running in
 * it), the client authenticated through a keystoneauth1 password session
 * (`keystone`: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME).
 */
export async function expectKeystoneZaqarClientSession(url: string, project: string, keystone: Record<string, string>): Promise<void> {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      PYTHON,
      [SCRIPT, url, project, 'keystone'],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...keystone } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  expectSessionOutput(out);
}

function expectSessionOutput(out: string): void {
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
}
