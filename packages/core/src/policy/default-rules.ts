/**
 * Zaqar's registered policy defaults. A policy file
 * overrides them rule by rule; names absent everywhere deny.
 */

const OPEN = '';
const ADMIN = 'role:admin';

const open = (prefix: string, actions: readonly string[]): [string, string][] => actions.map((a) => [`${prefix}:${a}`, OPEN]);
const admin = (prefix: string, actions: readonly string[]): [string, string][] => actions.map((a) => [`${prefix}:${a}`, ADMIN]);

/** Rule name → check string. */
export const DEFAULT_POLICY_RULES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries([
    ['context_is_admin', ADMIN],
    ['admin_or_owner', 'is_admin:True or project_id:%(project_id)s'],
    ...open('queues', ['get_all', 'create', 'get', 'delete', 'update', 'stats', 'share', 'purge']),
    ...open('messages', ['get_all', 'create', 'get', 'delete', 'delete_all']),
    ...open('claims', ['create', 'get', 'delete', 'update']),
    ...open('subscription', ['get_all', 'create', 'get', 'delete', 'update', 'confirm']),
    ...open('topics', ['get_all', 'create', 'get', 'delete', 'update', 'stats', 'purge']),
    ...admin('pools', ['get_all', 'create', 'get', 'delete', 'update']),
    ...open('flavors', ['get_all', 'get']),
    ...admin('flavors', ['create', 'update', 'delete']),
    ['ping:get', OPEN],
    ['health:get', ADMIN],
  ]),
);
