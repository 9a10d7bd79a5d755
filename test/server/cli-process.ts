/**
 * Runs the real built `zaqar-server` (packages/server/dist/cli.js) in a child
 * process with a hermetic environment: a temporary HOME and working folder,
 * only the variables a test passes. The bound port is read from the structured
 * `listening` event the server logs, so tests can use port 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'packages/server/dist/cli.js');
export const FIXTURES = path.join(REPO, 'test/fixtures/plugins');

export interface CliOptions {
  /** Extra environment (PATH and a temporary HOME are always set). */
  env?: Record<string, string>;
  cwd?: string;
  home?: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temporary folder for one test, with a `write(name, text)` helper. */
export function tempDir(prefix = 'zaqar-cli-'): { dir: string; write(name: string, text: string): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

function spawnCli(args: readonly string[], options: CliOptions, command: readonly string[] = [process.execPath, CLI]): ChildProcess {
  const home = options.home ?? tempDir('zaqar-home-').dir;
  // One process unless a test asks for workers: most tests read one process's log lines and exit status.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, OS_DEFAULT__WORKERS: '1', ...options.env };
  return spawn(command[0], [...command.slice(1), ...args], { cwd: options.cwd ?? home, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** `node_modules/.bin` of the checkout, where `npm ci` links the commands, ahead of PATH (as `npx`/`npm exec` put it). */
export const BIN_PATH = `${path.join(REPO, 'node_modules/.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`;

/** Runs the CLI to completion (startup failures, --help...). */
export function runCli(args: readonly string[], options: CliOptions = {}, command?: readonly string[]): Promise<CliResult> {
  return collect(spawnCli(args, options, command));
}

/** The complete JSON log lines of a server's stdout (a partial last line is left out). */
export function logLines(stdout: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n').slice(0, -1)) {
    try {
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* not a log line */
    }
  }
  return lines;
}

/** A server started by the CLI. */
export interface CliServer {
  child: ChildProcess;
  /** `http://host:port` of the named transport (the first one when omitted). */
  url(transport?: string): string;
  /** Sends a signal and resolves with the exit status and full output. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  /** Resolves when the process exits (whatever the reason). */
  exited: Promise<CliResult>;
  /** Standard output so far. */
  stdout(): string;
}

/** Starts the CLI and waits until every transport logged `listening` (or the process exits). */
export async function startCli(args: readonly string[], options: CliOptions = {}, transports = 1, command?: readonly string[]): Promise<CliServer> {
  const child = spawnCli(args, options, command);
  const exited = collect(child);
  let stdout = '';
  const addresses = await new Promise<Map<string, string>>((resolve, reject) => {
    const found = new Map<string, string>();
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      for (const line of logLines(stdout)) {
        if (line.event === 'listening') found.set(String(line.transport), `http://${line.host}:${line.port}`);
      }
      if (found.size >= transports) resolve(found);
    });
    void exited.then((result) => reject(new Error(`zaqar-server exited (${result.code}) before listening:\n${result.stderr}\n${result.stdout}`)));
  });
  return {
    child,
    exited,
    stdout: () => stdout,
    url: (transport) => (transport ? addresses.get(transport)! : [...addresses.values()][0]),
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
  };
}

/** zaqar.conf text selecting the fixture transport and stores from test/fixtures/plugins. */
export function fixtureConf(extra = ''): string {
  return `[DEFAULT]
plugin_dirs = ${FIXTURES}

[drivers]
transport = fixture-http
message_store = memory-fixture
management_store = memory-fixture

[drivers:transport:fixture-http]
port = 0
${extra}`;
}
