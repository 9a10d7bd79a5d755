/**
 * `[DEFAULT] log_config_append`: the Python logging configuration file
 * (`logging.config.fileConfig`'s `[loggers]`/`[handlers]`/`[formatters]` ini)
 * that oslo.log users point at, mapped onto this process's log outputs. As in
 * oslo.log, such a file replaces every other logging option. What applies:
 * the logger whose `qualname` is `zaqar` (its `level`, its `handlers`, and the
 * root logger's handlers unless `propagate = 0`), else the root logger; each
 * handler's `level`. Handlers: StreamHandler (sys.stdout / sys.stderr),
 * FileHandler, handlers.WatchedFileHandler, handlers.RotatingFileHandler (the
 * file, not rotated here), handlers.SysLogHandler on a local socket, NullHandler.
 * Formatters are not applied (lines stay JSON) and loggers of other names
 * configure libraries this server does not have; anything else stops startup
 * with a ConfigError naming the file, section and key.
 */
import * as fs from 'node:fs';
import type pino from 'pino';
import { ConfigError } from '../config/errors';
import { parseIniText } from '../config/ini-text';
import type { LogOutput } from './log-outputs';
import { parsePythonArgs, type PythonValue } from './python-args';
import { checkSyslogAvailable, syslogFacility } from './syslog';

/** Python logging's level names (and oslo.log's TRACE) as pino levels; NOTSET is handled apart. */
export const PYTHON_LEVELS: Readonly<Record<string, pino.Level>> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
};

const FILE_HANDLERS = new Set(['FileHandler', 'handlers.WatchedFileHandler', 'handlers.RotatingFileHandler']);
const SUPPORTED = 'StreamHandler, FileHandler, handlers.WatchedFileHandler, handlers.RotatingFileHandler, handlers.SysLogHandler, NullHandler';

/** What the file configures: the zaqar logger's level and its outputs. */
export interface LogConfigFile {
  level: pino.Level;
  outputs: LogOutput[];
}

type Sections = Record<string, Record<string, string>>;

/** Reads and maps `file`; throws ConfigError naming what cannot apply. */
export function readLogConfigFile(file: string, tag: string): LogConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read [DEFAULT] log_config_append file ${file}: ${(error as Error).message}`);
  }
  return mapLogConfig(parseIniText(text, file).sections, file, tag);
}

/** Maps parsed sections (names lower-cased) to the logger's level and outputs. */
export function mapLogConfig(sections: Sections, file: string, tag: string): LogConfigFile {
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(`log_config_append file ${file}: ${where} ${problem}`);
  };
  const names = (sections.loggers?.keys ?? fail('[loggers]', 'has no keys')).split(',').map((name) => name.trim().toLowerCase());
  if (!names.includes('root')) fail('[loggers] keys', 'must name root');
  const logger = (name: string) => sections[`logger_${name}`] ?? fail(`[logger_${name}]`, 'is missing (named in [loggers] keys)');
  const root = logger('root');
  const zaqarName = names.find((name) => name !== 'root' && logger(name).qualname?.trim() === 'zaqar');
  const zaqar = zaqarName ? logger(zaqarName) : undefined;
  const levelOf = (section: string, value: string | undefined): pino.Level | undefined => {
    if (value === undefined) return undefined;
    const upper = value.trim().toUpperCase();
    if (upper === 'NOTSET') return undefined;
    if (!(upper in PYTHON_LEVELS)) fail(`[${section}] level = ${value}`, 'is not a level: expected DEBUG, INFO, WARNING, ERROR, CRITICAL or NOTSET');
    return PYTHON_LEVELS[upper];
  };
  const handlersOf = (section: Record<string, string> | undefined) =>
    (section?.handlers ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
  const level = (zaqar && levelOf(`logger_${zaqarName}`, zaqar.level)) ?? levelOf('logger_root', root.level ?? 'WARNING') ?? 'trace';
  const handlers = zaqar && zaqar.propagate?.trim() === '0' ? handlersOf(zaqar) : [...new Set([...handlersOf(zaqar), ...handlersOf(root)])];
  const declared = (sections.handlers?.keys ?? '').split(',').map((h) => h.trim().toLowerCase());
  const outputs: LogOutput[] = [];
  for (const name of handlers) {
    if (!declared.includes(name)) fail(`handler ${name}`, 'is not named in [handlers] keys');
    const output = handlerOutput(sections[`handler_${name}`] ?? fail(`[handler_${name}]`, 'is missing'), `handler_${name}`, tag, fail);
    if (!output) continue;
    const handlerLevel = levelOf(`handler_${name}`, sections[`handler_${name}`].level);
    outputs.push(handlerLevel ? { ...output, level: handlerLevel } : output);
  }
  // Python's last resort when no handler is configured: warnings and worse on standard error.
  if (handlers.length === 0) outputs.push({ kind: 'stderr', level: 'warn' });
  return { level, outputs };
}

type Fail = (where: string, problem: string) => never;

function handlerOutput(handler: Record<string, string>, section: string, tag: string, fail: Fail): LogOutput | undefined {
  const cls = (handler.class ?? fail(`[${section}]`, 'has no class')).trim().replace(/^logging\./, '');
  if (cls === 'NullHandler') return undefined;
  if (cls !== 'StreamHandler' && cls !== 'handlers.SysLogHandler' && !FILE_HANDLERS.has(cls)) {
    fail(`[${section}] class = ${handler.class}`, `is not supported: supported handlers are ${SUPPORTED}`);
  }
  if (handler.kwargs !== undefined) fail(`[${section}] kwargs`, 'is not supported: give the arguments in args');
  let args: PythonValue[];
  try {
    args = parsePythonArgs(handler.args ?? '()');
  } catch (error) {
    return fail(`[${section}] args = ${handler.args}`, `cannot be read: ${(error as Error).message}`);
  }
  const badArgs = (expected: string): never => fail(`[${section}] args = ${handler.args}`, `is not supported for ${cls}: expected ${expected}`);
  if (cls === 'StreamHandler') {
    const stream = args[0] ?? { name: 'sys.stderr' };
    if (stream === null || typeof stream !== 'object' || Array.isArray(stream) || !['sys.stdout', 'sys.stderr'].includes(stream.name))
      badArgs('(sys.stdout,) or (sys.stderr,)');
    return { kind: (stream as { name: string }).name === 'sys.stdout' ? 'stdout' : 'stderr' };
  }
  if (FILE_HANDLERS.has(cls)) {
    const path = args[0];
    if (typeof path !== 'string' || path === '') badArgs("('/path/to/file.log', ...)");
    return { kind: 'file', path: path as string };
  }
  if (cls === 'handlers.SysLogHandler') {
    const [address, facility] = args;
    if (typeof address !== 'string') badArgs("('/dev/log', handlers.SysLogHandler.LOG_USER): a local socket (network addresses are not supported)");
    checkSyslogAvailable();
    return {
      kind: 'syslog',
      socket: address as string,
      tag,
      facility: facilityOf(facility, () => badArgs('a facility such as handlers.SysLogHandler.LOG_LOCAL0')),
    };
  }
  return fail(`[${section}] class = ${handler.class}`, `is not supported: supported handlers are ${SUPPORTED}`);
}

function facilityOf(value: PythonValue | undefined, bad: () => never): number {
  if (value === undefined) return 1; // LOG_USER, SysLogHandler's default
  if (typeof value === 'number') return value >= 0 && value < 24 && Number.isInteger(value) ? value : bad();
  const name = typeof value === 'string' ? value : typeof value === 'object' && value !== null && !Array.isArray(value) ? value.name.split('.').pop()! : bad();
  try {
    return syslogFacility(name);
  } catch {
    return bad();
  }
}
