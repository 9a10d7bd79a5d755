import type { BackendOptions, SqlBackend } from './backend';
import { openSqliteBackend } from './sqlite-backend';
import type { SqlTarget } from './uri';

/**
 * Opens the back end a parsed uri names. Server dialects are recognised but not
 * implemented yet; `assertSupported` lets drivers fail at creation time.
 */
export async function openBackend(target: SqlTarget, options: BackendOptions): Promise<SqlBackend> {
  assertSupported(target);
  return openSqliteBackend(target, options);
}

export function assertSupported(target: SqlTarget): asserts target is Extract<SqlTarget, { dialect: 'sqlite' }> {
  if (target.dialect !== 'sqlite') {
    const name = target.dialect === 'mysql' ? 'MySQL/MariaDB' : 'PostgreSQL';
    throw new Error(`${name} is not supported yet by @zaqarjs/store-sql; use a sqlite:/// uri for now.`);
  }
}
