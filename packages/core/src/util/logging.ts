import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Logger } from './logger';
import { asyncDestination, logFile, outputsDestination, type LogOutput } from './log-outputs';
import { SyslogDestination } from './syslog';

/** How to build the process logger; mirrors `[DEFAULT] debug` and `log_file`. */
export interface LoggerOptions {
  /** Log at debug level (otherwise info). */
  debug?: boolean;
  /** Append to this file instead of writing to standard output. */
  logFile?: string;
  /** Explicit level, overriding `debug` (`silent` for tests). */
  level?: pino.LevelWithSilent;
  /** Explicit destination stream (tests); wins over `logFile`. */
  destination?: DestinationStream;
  /** Bindings on every line (defaults to `{ name: 'zaqar', pid }`). */
  base?: Record<string, unknown>;
  /** Also (or, without `logFile`, only) send every line to syslog with this facility code and tag. */
  syslog?: { facility: number; tag: string };
  /** Several destinations with their own levels (a log_config_append file); wins over `logFile` and `syslog`. */
  outputs?: readonly LogOutput[];
}

/** Secrets that must never reach a log line, wherever they appear in a logged object. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret_key',
  '*.secret_key',
  'req.headers["x-auth-token"]',
  'headers["x-auth-token"]',
  'req.headers["url-signature"]',
];

/**
 * The process logger: structured JSON lines (pino) on stdout or in `logFile`.
 * Writes are asynchronous and held briefly (lines go out together, see
 * `asyncDestination`) so per-request logging stays
 * off the hot path; call `flushLogger` before the process exits (`process.exit`
 * also flushes).
 */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const level = options.level ?? (options.debug ? 'debug' : 'info');
  if (options.outputs && !options.destination) return createLogger({ ...options, outputs: undefined, destination: outputsDestination(options.outputs) });
  const file = options.logFile ? logFile(options.logFile) : undefined;
  const destination =
    options.destination ?? (options.syslog ? new SyslogDestination(options.syslog.facility, options.syslog.tag, file) : (file ?? asyncDestination({ fd: 1 })));
  return pino(
    {
      level,
      base: options.base ?? { name: 'zaqar', pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '***' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Waits until every line written so far reached its destination (no-op for loggers without `flush`). */
export function flushLogger(logger: unknown): Promise<void> {
  const flush = (logger as { flush?: (cb?: (err?: Error) => void) => void }).flush;
  if (typeof flush !== 'function') return Promise.resolve();
  return new Promise((resolve) => flush.call(logger, () => resolve()));
}

/** What the access log records about one request (no query string, no headers). */
export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  /** Duration in milliseconds. */
  ms: number;
  requestId: string;
}

/** Writes one info line `request` per served request. */
export type AccessLog = (entry: AccessLogEntry) => void;

/**
 * The per-request access log. On a pino logger it writes the very line pino would
 * (level, time, bindings, fields, `msg`) straight to the logger's destination:
 * pino's generic path (object walk, redaction, serialisation) costs several
 * microseconds per line, a noticeable share of a small request, and these fields
 * hold nothing to redact. Other loggers get `info(entry, 'request')`.
 */
export function createAccessLog(logger: Logger): AccessLog {
  const target = logger as Partial<PinoLogger> & Record<symbol, unknown>;
  const stream = target[pino.symbols.streamSym] as { write(line: string): unknown } | undefined;
  const bindings = target[pino.symbols.chindingsSym];
  const time = target[pino.symbols.timeSym];
  if (!stream || typeof bindings !== 'string' || typeof time !== 'function' || typeof target.isLevelEnabled !== 'function') {
    return (entry) => logger.info(entry, 'request');
  }
  const isEnabled = () => (target.isLevelEnabled as (level: string) => boolean).call(logger, 'info');
  const level = `{"level":${pino.levels.values.info}`;
  return (entry) => {
    if (!isEnabled()) return;
    stream.write(
      `${level}${(time as () => string)()}${bindings},"method":${JSON.stringify(entry.method)},"path":${JSON.stringify(entry.path)},` +
        `"status":${entry.status},"ms":${entry.ms},"requestId":${JSON.stringify(entry.requestId)},"msg":"request"}\n`,
    );
  };
}
