import type { PluginContext, PluginModule } from '../plugins/plugin-module';
import type { Authentication, Authenticator, CredentialSource, Identity } from './authenticator';

/**
 * `auth_strategy = noauth` (or empty, the reference's default): no
 * credentials; the identity is whatever the request's headers say, as the
 * reference builds its context without Keystone (`inject_context`):
 * X-Project-ID (legacy X-Tenant-Id / X-Tenant when absent), X-User-ID,
 * X-Roles (comma-separated), X-Domain-ID, X-User-Domain-ID,
 * X-Project-Domain-ID. So `X-Roles: admin` grants admin: policy means
 * something only with a verifying strategy.
 */
export class NoAuthAuthenticator implements Authenticator {
  readonly trustsHeaders = true;

  authenticate(request: CredentialSource): Authentication {
    const roles = request.header('X-Roles');
    const identity: Identity = {
      project: request.header('X-Project-ID') ?? request.header('X-Tenant-Id') ?? request.header('X-Tenant'),
      userId: request.header('X-User-ID'),
      roles: roles ? roles.split(',').map((role) => role.trim()) : [],
      domain: request.header('X-Domain-ID'),
      userDomain: request.header('X-User-Domain-ID'),
      projectDomain: request.header('X-Project-Domain-ID'),
    };
    return { identity };
  }
}

/** The `zaqar.authentication` entry point `noauth`. */
export function create(_context: PluginContext): Authenticator {
  return new NoAuthAuthenticator();
}

const plugin: PluginModule<Authenticator> = { create };
export default plugin;
