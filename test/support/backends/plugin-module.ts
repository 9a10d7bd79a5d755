import { container } from 'tsyringe';
import type { Conf, Logger, PluginModule } from '@zaqarjs/core';

/** Loads a built plugin entry module (`@zaqarjs/store-sql/dist/data-driver.js`...) lazily. */
export function pluginModule(path: string): PluginModule {
  // Lazy: a back end whose plugin does not build must not break the others.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path) as PluginModule & { default?: PluginModule };
  return loaded.default ?? loaded;
}

/** The context a plugin's `create` receives in tests. */
export function pluginContext(conf: Conf, logger: Logger, name: string) {
  return { conf, logger, container: container.createChildContainer(), name };
}
