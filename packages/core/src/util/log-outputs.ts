/**
 * Several log destinations at once, each with its own lowest level, as a
 * Python logging configuration gives a logger several handlers (a file at
 * INFO, standard error at ERROR...). Every line still goes out once per
 * destination, in its JSON form; pino's multistream is not used because it
 * cannot flush asynchronous destinations before the process exits.
 */
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { ConfigError } from '../config/errors';
import { firstLine } from '../plugins/loader-errors';
import { makeDirectory } from './make-directory';
import { SyslogDestination } from './syslog';

/** One destination of the process logger; `level` is its lowest level (all lines when absent). */
export type LogOutput = (
  { kind: 'stdout' | 'stderr' } | { kind: 'file'; path: string } | { kind: 'syslog'; facility: number; tag: string; socket?: string }
) & { level?: pino.Level };

interface Target {
  min: number;
  stream: DestinationStream & { flush?: (callback: (error?: Error) => void) => void };
}

const LEVEL = /^\{"level":(\d+)/;

/** Bytes of lines a destination holds before it writes them (see asyncDestination). */
const LOG_HOLD_BYTES = 4096;
/** The longest a line is held (see asyncDestination). */
const LOG_HOLD_MS = 100;

/**
 * An asynchronous pino destination (sonic-boom) on a descriptor or a file that holds lines
 * until LOG_HOLD_BYTES have gathered or LOG_HOLD_MS have passed, as nginx's buffered access
 * log does. Each asynchronous write is a trip through libuv's thread pool (a thread woken, the
 * event loop woken back); written as each line came (a write every few requests under load)
 * those trips were 6–7 % of a post-10 request's server CPU (interleaved A/B on one worker,
 * Redis: 126 against 118 µs, the same as with no log writes at all). `flushLogger` writes what
 * is held, and pino writes it synchronously on `process.exit`; a process killed outright
 * loses at most the last LOG_HOLD_MS of lines. (sonic-boom's timer also writes when nothing is
 * held: an empty write ten times a second.)
 */
export function asyncDestination(target: { fd: number } | { dest: string }): ReturnType<typeof pino.destination> {
  return pino.destination({ ...target, sync: false, minLength: LOG_HOLD_BYTES, periodicFlush: LOG_HOLD_MS });
}

function open(output: LogOutput): Target['stream'] {
  switch (output.kind) {
    case 'stdout':
    case 'stderr':
      return asyncDestination({ fd: output.kind === 'stdout' ? 1 : 2 });
    case 'file':
      return logFile(output.path);
    case 'syslog':
      return new SyslogDestination(output.facility, output.tag, undefined, output.socket ?? process.env.ZAQAR_SYSLOG_SOCKET);
  }
}

/** A pino destination writing each line to every output whose level it reaches. */
export function outputsDestination(outputs: readonly LogOutput[]): DestinationStream {
  const targets: Target[] = outputs.map((output) => ({ min: output.level ? pino.levels.values[output.level] : 0, stream: open(output) }));
  if (targets.length === 1 && targets[0].min === 0) return targets[0].stream;
  return {
    write(line: string): void {
      const level = Number(LEVEL.exec(line)?.[1] ?? 30);
      for (const target of targets) if (level >= target.min) target.stream.write(line);
    },
    // pino's logger.flush(cb) calls this: every destination's pending lines, then cb.
    flush(callback: (error?: Error) => void): void {
      const pending = targets.filter((target) => typeof target.stream.flush === 'function');
      let left = pending.length;
      if (left === 0) return callback();
      for (const target of pending) target.stream.flush!(() => --left === 0 && callback());
    },
  } as DestinationStream;
}

/** How often a log file's path is looked at for a rotation. */
const WATCH_INTERVAL_MS = 1000;

/**
 * Makes the log file's missing folders, or stops startup with one line naming the file. Not pino's
 * `mkdir: true`: its recursive mkdir spins forever on Node 20 under /proc (see makeDirectory).
 */
function makeLogFolder(file: string): void {
  try {
    makeDirectory(dirname(file));
  } catch (error) {
    throw new ConfigError(`Cannot create the folder of log file ${file}: ${firstLine(error)}`);
  }
}

/**
 * A log file that is reopened when its path stops naming the file written to
 * (moved or deleted by logrotate), as oslo.log's WatchedFileHandler does for
 * `log_file`: the next lines go to a new file at the path.
 */
export function logFile(path: string): DestinationStream {
  makeLogFolder(path);
  const stream = asyncDestination({ dest: path });
  // The file opens asynchronously, so a process.exit during startup (a failure, a signal) can come
  // first: pino's exit flush would then throw "not ready" and lose the lines; open it at once instead.
  const sonic = stream as unknown as { fd: number; flushSync(): void };
  const flushSync = sonic.flushSync.bind(stream);
  sonic.flushSync = () => {
    if (sonic.fd < 0) sonic.fd = fs.openSync(path, 'a');
    flushSync();
  };
  // The inode written to (known once open; unknown while reopening): compared with the path's.
  let written: number | undefined;
  stream.on('ready', () => {
    try {
      written = fs.fstatSync((stream as unknown as { fd: number }).fd).ino;
    } catch {
      written = undefined;
    }
  });
  // Polled (fs.watchFile only reports changes between its own looks, and misses a move made before them).
  const timer = setInterval(() => {
    if (written === undefined) return;
    fs.stat(path, (error, stats) => {
      if (written === undefined || (!error && stats.ino === written) || (stream as unknown as { destroyed: boolean }).destroyed) return;
      written = undefined;
      stream.reopen();
    });
  }, WATCH_INTERVAL_MS).unref();
  stream.on('close', () => clearInterval(timer));
  return stream;
}
