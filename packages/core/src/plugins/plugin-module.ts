import type { DependencyContainer } from 'tsyringe';
import type { Conf, OptionGroup } from '../config/types';
import type { Logger } from '../util/logger';

/** Entry-point namespaces, reused from the reference so zaqar.conf stays drop-in. */
export const NAMESPACES = {
  dataStorage: 'zaqar.data.storage',
  controlStorage: 'zaqar.control.storage',
  transport: 'zaqar.transport',
  notifiers: 'zaqar.notification.tasks',
  stages: 'zaqar.storage.stages',
  /** Authenticators, by `[DEFAULT] auth_strategy` name (ours: the reference has no such namespace). */
  authentication: 'zaqar.authentication',
} as const;
export type Namespace = (typeof NAMESPACES)[keyof typeof NAMESPACES];

/** Version of the plugin contract; plugins declare a semver range on it (`zaqar.apiVersion`). */
export const PLUGIN_API_VERSION = '1.0.0';

/** What the composition root hands a plugin when creating it. */
export interface PluginContext {
  conf: Conf;
  logger: Logger;
  /** The DI container: tokens in TOKENS resolve the stores, the request layer, the policy... */
  container: DependencyContainer;
  /** Name the plugin was selected by in zaqar.conf (e.g. `redis`). */
  name: string;
}

/**
 * What an entry-point file exports (as `default` or as named exports).
 * `options` are registered before the configuration is coerced, so a
 * plugin's own section is validated at startup and appears in the sample.
 */
export interface PluginModule<T = unknown> {
  options?: readonly OptionGroup[];
  create(context: PluginContext): T | Promise<T>;
}

/**
 * The `zaqar` field of a plugin package's package.json: the plugin API range it
 * was written for, and the names it provides per namespace (name → entry file,
 * relative to the package folder).
 */
export interface PluginManifest {
  /** Semver range over PLUGIN_API_VERSION, e.g. `^1.0.0`. */
  apiVersion: string;
  entryPoints: Partial<Record<Namespace, Readonly<Record<string, string>>>>;
}
