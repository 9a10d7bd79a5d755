/** Registers the same cases once per SQL backend: SQLite in memory, and PostgreSQL and MariaDB (see sql-servers.ts). */
import { SqlDataDriver } from '../../src';
import { createScratch, describeWithServer, type ServerKind } from './sql-servers';

/** Opens a fresh, empty store; `done` closes it (and drops a server's scratch database). */
export type OpenStore = () => Promise<{ driver: SqlDataDriver; done(): Promise<void> }>;

const openSqlite: OpenStore = async () => {
  const driver = new SqlDataDriver({ uri: 'sqlite://' });
  await driver.open();
  return { driver, done: () => driver.close() };
};

const openOnServer =
  (kind: ServerKind): OpenStore =>
  async () => {
    const scratch = await createScratch(kind);
    const driver = new SqlDataDriver({ uri: scratch.uri });
    await driver.open();
    return { driver, done: async () => (await driver.close(), await scratch.drop()) };
  };

/** `describe(title, …)` of `cases` on each backend, the backend's name appended to the title. */
export function describeOnEachSqlStore(title: string, cases: (open: OpenStore) => void): void {
  describe(`${title}, SQLite`, () => cases(openSqlite));
  for (const kind of ['postgresql', 'mysql'] as ServerKind[]) describeWithServer(kind, `${title}, ${kind}`, () => cases(openOnServer(kind)));
}
