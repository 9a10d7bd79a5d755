/** Entry point `zaqar.control.storage: sqlalchemy`. */
import type { ControlDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { MANAGEMENT_STORE_GROUP, MANAGEMENT_STORE_OPTIONS } from './options';
import { SqlControlDriver } from './sql-control-driver';

export const options = MANAGEMENT_STORE_OPTIONS;

/** A management store for `[drivers:management_store:sqlalchemy] uri`, not yet opened. */
export function create(ctx: PluginContext): ControlDriver {
  const { uri } = ctx.conf.group<{ uri: string }>(MANAGEMENT_STORE_GROUP);
  return new SqlControlDriver({ uri, logger: ctx.logger });
}

const plugin: PluginModule<ControlDriver> = { options, create };
export default plugin;
