/** Entry point `zaqar.control.storage: redis`. */
import type { ControlDriver, PluginContext, PluginModule } from '@zaqarjs/core';
import { fromSection, MANAGEMENT_STORE_GROUP, MANAGEMENT_STORE_OPTIONS, type RedisSection } from './options';
import { RedisControlDriver } from './redis-control-driver';

export const options = MANAGEMENT_STORE_OPTIONS;

/** A management store for `[drivers:management_store:redis]`, not yet opened. */
export function create(ctx: PluginContext): ControlDriver {
  return new RedisControlDriver(fromSection(ctx.conf.group<RedisSection>(MANAGEMENT_STORE_GROUP), ctx.logger));
}

const plugin: PluginModule<ControlDriver> = { options, create };
export default plugin;
