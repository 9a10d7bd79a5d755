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
  const normalized = argv.map((arg) => arg.replace(/^--config_(file|dir)(?==|$)/, '--config-$1'));
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
  return { kind: 'serve', configFiles: values['config-file'] ?? [], configDirs: values['config-dir'] ?? [], overrides };
}
