import type { BackendOptions, SqlBackend } from './backend';
import { openMysqlBackend } from './mysql-backend';
import { openPostgresBackend } from './postgres-backend';
import { openSqliteBackend } from './sqlite-backend';
import type { SqlTarget } from './uri';

/** Opens the back end a parsed uri names (client libraries of server dialects load only when used). */
export async function openBackend(target: SqlTarget, options: BackendOptions): Promise<SqlBackend> {
  switch (target.dialect) {
    case 'sqlite':
      return openSqliteBackend(target, options);
    case 'postgresql':
      return openPostgresBackend(target, options);
    case 'mysql':
      return openMysqlBackend(target, options);
  }
}
