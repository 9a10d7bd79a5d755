/** Entry point `zaqar.data.storage: mongodb`. */
import type { DataDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { MongoDataDriver } from './mongo-data-driver';
import { MESSAGE_STORE_GROUP, MESSAGE_STORE_OPTIONS, optionsFromSection, type MongoSection } from './options';

export const options = MESSAGE_STORE_OPTIONS;

/** A message store for `[drivers:message_store:mongodb]`, not yet opened. */
export function create(ctx: PluginContext): DataDriver {
  const section = ctx.conf.group<MongoSection>(MESSAGE_STORE_GROUP);
  const { unreliable } = ctx.conf.group<{ unreliable: boolean }>('DEFAULT');
  return new MongoDataDriver(optionsFromSection(section, MESSAGE_STORE_GROUP, unreliable, ctx.logger), 'mongodb');
}

const plugin: PluginModule<DataDriver> = { options, create };
export default plugin;
