/**
 * oslo.log's options (`[DEFAULT] debug`, `log_file`, `log_dir`, `use_syslog`,
 * `log_config_append`, `default_log_levels`) turned into the logger's options.
 * The output stays JSON lines (also in syslog, through `logger`: see syslog.ts);
 * a Python logging configuration (log_config_append) is mapped by
 * log-config-file.ts, and what cannot be honoured stops startup with one line
 * naming it, rather than logging somewhere the operator does not look.
 */
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import type { DefaultConf } from '../config/options';
import type { LoggerOptions } from './logging';
import { PYTHON_LEVELS, readLogConfigFile } from './log-config-file';
import { checkSyslogAvailable, syslogFacility } from './syslog';

/** The log file oslo.log would write: `log_dir/log_file`, `log_dir/<prog>.log`, `log_file`, or none (standard output). */
export function logFilePath(defaults: Pick<DefaultConf, 'log_file' | 'log_dir'>, prog: string): string | undefined {
  const file = defaults.log_file || undefined;
  const dir = defaults.log_dir || undefined;
  if (dir) return path.join(dir, file ?? `${prog}.log`);
  return file;
}

/** Logger options from `[DEFAULT]`; throws a ConfigError for what is not supported. */
export function loggerOptionsFromConf(defaults: DefaultConf, prog: string): LoggerOptions {
  // As in oslo.log, a logging configuration file replaces every other logging option.
  if (defaults.log_config_append) return readLogConfigFile(defaults.log_config_append, prog);
  const options: LoggerOptions = { debug: defaults.debug, logFile: logFilePath(defaults, prog) };
  if (defaults.use_syslog) {
    const facility = syslogFacility(defaults.syslog_log_facility);
    checkSyslogAvailable();
    options.syslog = { facility, tag: prog };
  }
  for (const entry of defaults.default_log_levels ?? []) {
    const [name, level] = entry.split('=').map((part) => part.trim());
    if (name !== 'zaqar') continue;
    const mapped: LoggerOptions['level'] = PYTHON_LEVELS[(level ?? '').toUpperCase()];
    if (!mapped) throw new ConfigError(`Invalid value "${entry}" for [DEFAULT] default_log_levels: expected zaqar=DEBUG, INFO, WARNING, ERROR or CRITICAL`);
    if (!defaults.debug) options.level = mapped;
  }
  return options;
}
