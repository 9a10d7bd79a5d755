#!/usr/bin/env node
/**
 * `zaqar-server`: the only place that touches the process — arguments, exit
 * codes, signals. Startup failures print one line to stderr and exit 1;
 * SIGTERM/SIGINT drain in-flight requests, close the stores and exit 0 (a
 * second signal exits at once with 1).
 */
import cluster from 'node:cluster';
import { errorCode, firstLine } from '@zaqarjs/core';
import { USAGE, parseCommandLine } from './args';
import { runPrimaryFromCommand } from './cluster/run-primary';
import { ignoreHangup } from './hangup';
import { WorkerLink } from './cluster/worker-link';
import { startServer, type RunningServer } from './server';
import { serverVersion } from './version';

/** Startup failures whose message is already the one line to print (recognised by code, from any copy of core). */
const EXPECTED_FAILURE = /^ZAQAR_(CONFIG_|PLUGIN_|STORE_OPEN_FAILED$|TRANSPORT_LISTEN_FAILED$)/;

function fail(message: string, code: number): never {
  process.stderr.write(`zaqar-server: ${message}\n`);
  process.exit(code);
}

/**
 * Installs SIGTERM/SIGINT handling before startup, so a signal that arrives
 * while the server is still starting stops it as soon as it is up.
 */
function handleSignals(link?: WorkerLink): { started(server: RunningServer): void } {
  let server: RunningServer | undefined;
  let stopRequested: NodeJS.Signals | undefined;
  const shutdown = (running: RunningServer, signal: NodeJS.Signals) => {
    running.logger.info({ event: 'signal', signal }, `Received ${signal}`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${firstLine(error)}`, 1),
    );
  };
  let signalled = false;
  const requestStop = (signal: NodeJS.Signals) => {
    if (stopRequested) return;
    stopRequested = signal;
    if (server) shutdown(server, signal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`zaqar-server: ${signal} again, exiting without draining\n`);
      process.exit(1);
    }
    signalled = true;
    requestStop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', () => ignoreHangup(server?.logger));
  // A worker drains when the primary says so. Only a second signal to the worker itself forces it
  // out: a terminal's Ctrl-C and systemd's stop (KillMode=control-group) signal every process of
  // the service as well, before or after the primary's order arrives.
  const drainOnce = () => requestStop('SIGTERM');
  link?.onShutdown(drainOnce);
  if (link) process.on('disconnect', drainOnce);
  return {
    started(running) {
      server = running;
      if (stopRequested) shutdown(running, stopRequested);
    },
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const command = parseCommandLine(argv);
  if (command.kind === 'error') fail(command.message, 2);
  if (command.kind === 'help') return void process.stdout.write(USAGE);
  if (command.kind === 'version') return void process.stdout.write(`zaqar-server ${serverVersion()}\n`);
  if (cluster.isPrimary) {
    const code = await runPrimaryFromCommand({ ...command, appRoot: __filename });
    if (code !== undefined) process.exit(code);
  }
  const link = cluster.isWorker ? new WorkerLink() : undefined;
  const signals = handleSignals(link);
  try {
    const options = { appRoot: __filename, configFiles: command.configFiles, configDirs: command.configDirs, overrides: command.overrides };
    signals.started(await startServer({ ...options, cluster: link }));
    link?.ready();
  } catch (error) {
    const expected = EXPECTED_FAILURE.test(errorCode(error) ?? '');
    if (!expected && command.overrides.OS_DEFAULT__DEBUG === 'true') process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    fail(expected ? (error as Error).message : `startup failed: ${firstLine(error)}`, 1);
  }
}

void main(process.argv.slice(2));
