import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

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
 * Written synchronously so the last lines before an exit are not lost; request
 * logging is the transports' job and stays cheap because pino serialises once.
 */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const level = options.level ?? (options.debug ? 'debug' : 'info');
  const destination =
    options.destination ??
    (options.logFile ? pino.destination({ dest: options.logFile, mkdir: true, sync: true }) : pino.destination({ fd: 1, sync: true }));
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
