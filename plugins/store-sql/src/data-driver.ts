/** Entry point `zaqar.data.storage: sqlalchemy`. */
import type { DataDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { MESSAGE_STORE_GROUP, MESSAGE_STORE_OPTIONS } from './options';
import { SqlDataDriver } from './sql-data-driver';

export const options = MESSAGE_STORE_OPTIONS;

/** A message store for `[drivers:message_store:sqlalchemy] uri`, not yet opened. */
export function create(ctx: PluginContext): DataDriver {
  const { uri } = ctx.conf.group<{ uri: string }>(MESSAGE_STORE_GROUP);
  return new SqlDataDriver({ uri, logger: ctx.logger });
}

const plugin: PluginModule<DataDriver> = { options, create };
export default plugin;
