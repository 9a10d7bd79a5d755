/**
 * Runs zaqarclient_session.py (the real python-zaqarclient) against a server and checks what it
 * saw; shared by the client test on the embedded store and by each store's own client test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'zaqarclient_session.py');

/** Whether Debian's python3-zaqarclient is importable by /usr/bin/python3. */
export function zaqarClientInstalled(): boolean {
  return spawnSync(PYTHON, ['-c', 'import zaqarclient'], { stdio: 'ignore' }).status === 0;
}

/** Drives the whole session against `url` and asserts every step's outcome. */
export function expectZaqarClientSession(url: string, project = 'pyproject'): void {
  const out = execFileSync(PYTHON, [SCRIPT, url, project], { encoding: 'utf8', timeout: 60_000 });
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
