/** Entry point `zaqar.control.storage: mongodb`. */
import type { ControlDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { MongoControlDriver } from './mongo-control-driver';
import { MANAGEMENT_STORE_GROUP, MANAGEMENT_STORE_OPTIONS, optionsFromSection, type MongoSection } from './options';

export const options = MANAGEMENT_STORE_OPTIONS;

/** A management store for `[drivers:management_store:mongodb]`, not yet opened. */
export function create(ctx: PluginContext): ControlDriver {
  const section = ctx.conf.group<MongoSection>(MANAGEMENT_STORE_GROUP);
  return new MongoControlDriver(optionsFromSection(section, MANAGEMENT_STORE_GROUP, true, ctx.logger));
}

const plugin: PluginModule<ControlDriver> = { options, create };
export default plugin;
