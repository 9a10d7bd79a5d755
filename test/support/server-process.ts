/** Starts the real `zaqar-server` command (built cli.js) in a child process with a temporary config. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

const CLI = path.resolve(__dirname, '../../packages/server/dist/cli.js');

export interface ServerProcess {
  url: string;
  port: number;
  dir: string;
  child: ChildProcess;
  /** Output so far (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

/**
 * Starts a server. `extraConf` is appended to a config that sets the port and an SQLite file in a
 * temp dir; or, as a function, it writes the whole config from the port and the temp dir.
 */
export async function startServerProcess(extraConf: string | ((port: number, dir: string) => string) = ''): Promise<ServerProcess> {
  // A port can still be bound by someone else between the probe and the server's listen: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(extraConf);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTakenError)) throw err;
    }
  }
}

class PortTakenError extends Error {}

async function startOnFreePort(extraConf: string | ((port: number, dir: string) => string)): Promise<ServerProcess> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-proc-'));
  const confFile = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(
    confFile,
    typeof extraConf === 'function'
      ? extraConf(port, dir)
      : `[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n` +
          `[drivers:message_store:sqlalchemy]\nuri = sqlite:///${dir}/zaqar.db\n` +
          `[drivers:management_store:sqlalchemy]\nuri = sqlite:///${dir}/zaqar.db\n${extraConf}\n`,
  );
  // One process ([DEFAULT] workers defaults to one per core): these tests stop it by pid and read its output.
  const env = { ...process.env, OS_DEFAULT__WORKERS: process.env.OS_DEFAULT__WORKERS ?? '1' };
  const child = spawn(process.execPath, [CLI, '--config-file', confFile], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `zaqar-server exited with ${child.exitCode}:\n${output}`;
      throw output.includes('EADDRINUSE') ? new PortTakenError(message) : new Error(message);
    }
    try {
      const res = await fetch(`${url}/v2/ping`, { headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'ping' } });
      if (res.status === 204) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`zaqar-server did not answer /v2/ping within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dir,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
