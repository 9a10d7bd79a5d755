import { parseArgs } from 'node:util';

/** What `zaqar-server` was asked to do. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; configFiles: string[]; configDirs: string[]; overrides: Record<string, string> }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: zaqar-server [options]

Serves the Zaqar v2 API with the transports, stores and pipeline stages named in zaqar.conf.

Options:
  --config-file PATH   Configuration file; repeatable, later files override earlier ones.
                       Default: the first existing of ~/.zaqar/zaqar.conf, ~/zaqar.conf,
                       /etc/zaqar/zaqar.conf, /etc/zaqar.conf (and zaqar-server.conf).
  --config-dir DIR     Read every *.conf in DIR (sorted) after the files; repeatable.
  --admin_mode         Enable the privileged endpoints ([DEFAULT] admin_mode = true).
  --noadmin_mode       Disable them ([DEFAULT] admin_mode = false).
  -d, --debug          Log at debug level ([DEFAULT] debug = true).
  --log-file PATH      Log to PATH ([DEFAULT] log_file; relative to the log folder when one is set).
  --log-dir DIR        Log folder ([DEFAULT] log_dir; the file is zaqar-server.log without --log-file).
  --use-syslog         Log to syslog ([DEFAULT] use_syslog = true; --nouse-syslog: false).
  --log-config-append PATH
                       [DEFAULT] log_config_append: a Python logging configuration file
                       (handlers and levels; the other logging options are then ignored).
  -h, --help           Show this help and exit.
  -v, --version        Show the version and exit.

Environment:
  OS_<SECTION>__<OPTION>  Overrides an option of the files, e.g. OS_DRIVERS__MESSAGE_STORE=sqlalchemy.
  ZAQAR_PLUGIN_PATH       Colon-separated folders searched for plugin packages.
`;

/**
 * Parses the command line. Accepts oslo's spellings (`--config-file X`,
 * `--config-file=X`, `--config_file`); flags become option overrides that rank
 * above the environment, as oslo's command-line options do.
 */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const normalized = argv.map((arg) =>
    arg
      .replace(/^--config_(file|dir)(?==|$)/, '--config-$1')
      // oslo.log's spellings and deprecated names of its command-line options.
      .replace(/^--(?:log[-_]file|logfile)(?==|$)/, '--log-file')
      .replace(/^--(?:log[-_]dir|logdir)(?==|$)/, '--log-dir')
      .replace(/^--(?:log[-_]config[-_]append|log[-_]config)(?==|$)/, '--log-config-append')
      .replace(/^--use_syslog$/, '--use-syslog')
      .replace(/^--nouse_syslog$/, '--nouse-syslog'),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: normalized,
      allowPositionals: false,
      options: {
        'config-file': { type: 'string', multiple: true },
        'config-dir': { type: 'string', multiple: true },
        admin_mode: { type: 'boolean' },
        noadmin_mode: { type: 'boolean' },
        debug: { type: 'boolean', short: 'd' },
        'log-file': { type: 'string' },
        'log-dir': { type: 'string' },
        'use-syslog': { type: 'boolean' },
        'nouse-syslog': { type: 'boolean' },
        'log-config-append': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: `${(error as Error).message.split('\n')[0]} (see --help)` };
  }
  const values = parsed.values;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const overrides: Record<string, string> = {};
  if (values.admin_mode) overrides.OS_DEFAULT__ADMIN_MODE = 'true';
  if (values.noadmin_mode) overrides.OS_DEFAULT__ADMIN_MODE = 'false';
  if (values.debug) overrides.OS_DEFAULT__DEBUG = 'true';
  if (values['log-file'] !== undefined) overrides.OS_DEFAULT__LOG_FILE = values['log-file'];
  if (values['log-dir'] !== undefined) overrides.OS_DEFAULT__LOG_DIR = values['log-dir'];
  if (values['use-syslog']) overrides.OS_DEFAULT__USE_SYSLOG = 'true';
  if (values['nouse-syslog']) overrides.OS_DEFAULT__USE_SYSLOG = 'false';
  if (values['log-config-append'] !== undefined) overrides.OS_DEFAULT__LOG_CONFIG_APPEND = values['log-config-append'];
  return { kind: 'serve', configFiles: values['config-file'] ?? [], configDirs: values['config-dir'] ?? [], overrides };
}
