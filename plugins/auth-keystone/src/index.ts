/** Entry point `zaqar.authentication: keystone`. */
import type { Authenticator, PluginContext, PluginModule } from '@zaqarjs/core';
import { KeystoneAuthenticator } from './keystone-authenticator';
import { GROUP, OPTIONS, settingsOf } from './options';
import { KeystoneTrusts, TRUSTEE_OPTIONS } from './trusts';

export const options = [...OPTIONS, TRUSTEE_OPTIONS];

/** Refuses (ConfigError naming the option) a `[keystone_authtoken]` that cannot authenticate anyone. */
export function create(ctx: PluginContext): Authenticator {
  const settings = settingsOf(ctx.conf);
  const memcached = ctx.conf.group<{ memcached_servers?: string[] }>(GROUP).memcached_servers;
  if (memcached && memcached.length > 0) ctx.logger.warn(`[${GROUP}] memcached_servers is not supported; validated tokens are cached in memory`);
  return new KeystoneAuthenticator(settings, ctx.logger, KeystoneTrusts.fromConf(ctx.conf, settings));
}

const plugin: PluginModule<Authenticator> = { options, create };
export default plugin;
export { KeystoneAuthenticator, identityOf } from './keystone-authenticator';
export { KeystoneClient, KeystoneUnavailable, type TokenBody } from './keystone-client';
export { settingsOf, OPTIONS, GROUP, type KeystoneSettings } from './options';
export { TokenCache } from './token-cache';
export { KeystoneTrusts, TRUSTEE_GROUP, TRUSTEE_OPTIONS, type TrustRequest } from './trusts';
