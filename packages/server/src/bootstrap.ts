/**
 * Startup up to the point where objects get created: read the configuration,
 * build the logger, discover and load the selected plugins, register their
 * options and validate every value. Any problem throws a ConfigError or a
 * PluginError whose message is the one line the CLI prints.
 */
import {
  OptionRegistry,
  coreOptionGroups,
  createLogger,
  discoverPlugins,
  loadConfig,
  loggerOptionsFromConf,
  type DefaultConf,
  type LoadedConfig,
  type Logger,
  type PluginCatalog,
  type PluginDir,
  type TypedConf,
} from '@zaqarjs/core';
import { selectPlugins, selectedOptionGroups, type PluginSelection } from './plugin-selection';
import { logSelection } from './selection-summary';

/** Inputs of startup; everything but `appRoot` has a production default. */
export interface BootstrapOptions {
  /** A file or folder of the application: plugins are resolved from its node_modules lookup path. */
  appRoot: string;
  /** `--config-file` values. */
  configFiles?: readonly string[];
  /** `--config-dir` values. */
  configDirs?: readonly string[];
  /** Environment (OS_* overrides, ZAQAR_PLUGIN_PATH, HOME); defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides as `OS_<GROUP>__<OPTION>` values; they beat the environment. */
  overrides?: Readonly<Record<string, string>>;
  /** Home directory for the default lookup (defaults to env.HOME). */
  home?: string;
  /** Replaces the standard search directories (tests). */
  searchDirs?: readonly string[];
  /** Use this logger instead of building one from `[DEFAULT] debug/log_file`. */
  logger?: Logger;
}

/** Configuration validated, plugins loaded, nothing created yet. */
export interface Bootstrapped {
  conf: TypedConf;
  logger: Logger;
  catalog: PluginCatalog;
  selection: PluginSelection;
}

/** `ZAQAR_PLUGIN_PATH` entries first (the environment outranks files), then `[DEFAULT] plugin_dirs`. */
export function pluginDirs(defaults: DefaultConf, env: Readonly<Record<string, string | undefined>>): PluginDir[] {
  const fromEnv = (env.ZAQAR_PLUGIN_PATH ?? '').split(':').filter((dir) => dir.trim() !== '');
  return [...fromEnv.map((dir) => ({ dir, origin: 'ZAQAR_PLUGIN_PATH' })), ...defaults.plugin_dirs.map((dir) => ({ dir, origin: '[DEFAULT] plugin_dirs' }))];
}

/** The configuration read with core's options registered; a plugin's are added to `registry` once it is loaded. */
export interface Configuration {
  /** The environment with the command line's overrides applied. */
  env: Record<string, string | undefined>;
  registry: OptionRegistry;
  loaded: LoadedConfig;
}

/** Reads the configuration (files, environment, command line); throws ConfigError. */
export function readConfiguration(options: BootstrapOptions): Configuration {
  const env = { ...(options.env ?? process.env), ...(options.overrides ?? {}) };
  const registry = new OptionRegistry().register(...coreOptionGroups);
  const loaded = loadConfig({
    registry,
    env,
    configFiles: options.configFiles,
    configDirs: options.configDirs,
    prog: 'zaqar-server',
    home: options.home ?? env.HOME,
    searchDirs: options.searchDirs,
  });
  return { env, registry, loaded };
}

/** Runs startup up to plugin loading; throws ConfigError / PluginError. */
export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped> {
  const { env, registry, loaded } = readConfiguration(options);
  const { conf } = loaded;
  // Core's own values first: a typo in zaqar.conf is reported before any plugin is looked at.
  const coreWarnings = conf.validate();
  const defaults = conf.group<DefaultConf>('DEFAULT');
  const logger = options.logger ?? createLogger(loggerOptionsFromConf(defaults, 'zaqar-server'));
  const warn = (warnings: readonly string[]) => warnings.forEach((warning) => logger.warn({ event: 'config_warning' }, warning));
  // Logged before plugins load: a misspelt option is often why the next step fails.
  warn([...loaded.warnings, ...coreWarnings]);
  const catalog = discoverPlugins({ appRoot: options.appRoot, pluginDirs: pluginDirs(defaults, env) });
  warn(catalog.warnings);
  const selection = await selectPlugins(catalog, conf);
  registry.register(...selectedOptionGroups(selection));
  warn(conf.validate().filter((warning) => !coreWarnings.includes(warning)));
  logger.info({ event: 'config_loaded', files: loaded.files }, 'Configuration loaded');
  logSelection(conf, selection, logger);
  if (selection.schemesWithoutNotifier.length > 0) {
    const schemes = selection.schemesWithoutNotifier.join(', ');
    logger.info(
      { event: 'no_notifier', schemes: selection.schemesWithoutNotifier },
      `No notifier plugin installed for subscriber types ${schemes}: such subscriptions are stored but not notified`,
    );
  }
  return { conf, logger, catalog, selection };
}
