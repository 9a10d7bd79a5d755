/** Entry point `zaqar.data.storage: redis`. */
import type { DataDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { fromSection, MESSAGE_STORE_GROUP, MESSAGE_STORE_OPTIONS, type RedisSection } from './options';
import { RedisDataDriver } from './redis-data-driver';

export const options = MESSAGE_STORE_OPTIONS;

/** A message store for `[drivers:message_store:redis]`, not yet opened. */
export function create(ctx: PluginContext): DataDriver {
  return new RedisDataDriver(fromSection(ctx.conf.group<RedisSection>(MESSAGE_STORE_GROUP), ctx.logger));
}

const plugin: PluginModule<DataDriver> = { options, create };
export default plugin;
