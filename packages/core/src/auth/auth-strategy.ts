/**
 * Choosing the authenticator from `[DEFAULT] auth_strategy` like any driver:
 * the name is looked up in the `zaqar.authentication` entry points; core's
 * own `noauth` is also used when core's package is not among the discovered
 * ones (an embedded server, a plugin folder of its own). An unknown name —
 * `keystone` included while no package provides it — stops startup: there is
 * never a fallback to running without authentication.
 */
import { ConfigError } from '../config/errors';
import type { Conf } from '../config/types';
import type { DefaultConf } from '../config/options';
import { isZaqarError } from '../errors/error-codes';
import type { PluginCatalog } from '../plugins/loader-discovery';
import { loadPlugin, type LoadedPlugin } from '../plugins/loader';
import { UnknownPluginError } from '../plugins/loader-errors';
import { NAMESPACES } from '../plugins/plugin-module';
import type { Authenticator } from './authenticator';
import noauthPlugin, { NoAuthAuthenticator } from './noauth';

/** The setting that names the authenticator, as startup errors print it. */
export const AUTH_STRATEGY_SETTING = '[DEFAULT] auth_strategy';
/** The strategy without authentication. */
export const NOAUTH = 'noauth';

/** `[DEFAULT] auth_strategy` as an entry-point name: empty (the reference's default) is `noauth`. */
export function authStrategyName(conf: Conf): string {
  const configured = conf.group<DefaultConf>('DEFAULT').auth_strategy.trim();
  return configured === '' ? NOAUTH : configured;
}

/** Loads the configured authenticator's plugin; throws a PluginError naming `[DEFAULT] auth_strategy`. */
export async function loadAuthenticator(catalog: PluginCatalog, conf: Conf): Promise<{ name: string; plugin: LoadedPlugin<Authenticator> }> {
  const name = authStrategyName(conf);
  const request = { namespace: NAMESPACES.authentication, setting: AUTH_STRATEGY_SETTING, name };
  if (catalog.find(request.namespace, name) || name !== NOAUTH) {
    try {
      return { name, plugin: await loadPlugin<Authenticator>(catalog, request) };
    } catch (error) {
      if (!isZaqarError(error, 'ZAQAR_PLUGIN_UNKNOWN')) throw error;
      throw new UnknownPluginError(request, request.namespace, [...new Set([...catalog.names(request.namespace), NOAUTH])].sort());
    }
  }
  const entry = {
    namespace: request.namespace,
    name,
    entryPath: require.resolve('./noauth'),
    package: { name: '@zaqarjs/core', version: '0.0.0', dir: __dirname, entryPoints: {}, origin: 'built-in' },
  };
  return { name, plugin: { entry, module: noauthPlugin } };
}

/**
 * The authenticator of a transport built without the composition root
 * (embedding, tests): `given`, else noauth when the configuration asks for
 * it; any other strategy without a given authenticator is a ConfigError, so a
 * transport never serves unauthenticated where authentication was configured.
 */
export function authenticatorFor(conf: Conf, given?: Authenticator): Authenticator {
  if (given) return given;
  const name = authStrategyName(conf);
  if (name === NOAUTH) return new NoAuthAuthenticator();
  throw new ConfigError(`${AUTH_STRATEGY_SETTING} "${name}": no authenticator was given to the transport; refusing to serve without authentication`);
}
