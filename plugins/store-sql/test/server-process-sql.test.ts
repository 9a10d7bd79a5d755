/**
 * The real zaqar-server command with a zaqar.conf naming a PostgreSQL or MariaDB uri
 * (the operator's form), driven by the real python-zaqarclient: the plugin loads
 * through the server's loader, migrates on open, serves, and stops cleanly on SIGTERM.
 */
import { expectZaqarClientSession, zaqarClientInstalled } from '../../../test/client/zaqarclient-session';
import { startServerProcess, type ServerProcess } from '../../../test/support/server-process';
import { createScratch, describeWithServer, withMysql, withPg, type ScratchDatabase, type ServerKind } from './support/sql-servers';

/** Connections the server process holds on the scratch database (tagged by application_name on PostgreSQL). */
async function openConnections(kind: ServerKind, scratch: ScratchDatabase): Promise<number> {
  if (kind === 'postgresql') {
    const { rows } = await withPg((c) => c.query('select count(*)::int as n from pg_stat_activity where application_name = $1', [scratch.name]));
    return rows[0].n as number;
  }
  const [rows] = await withMysql((c) => c.query('select count(*) as n from information_schema.processlist where db = ?', [scratch.name]));
  return Number((rows as { n: number }[])[0].n);
}

const clientInstalled = zaqarClientInstalled();

describe.each<[ServerKind, string, (uri: string) => string]>([
  ['postgresql', 'PostgreSQL', (uri) => `${uri.replace(/^postgresql:/, 'postgresql+psycopg2:')}&application_name=${uri.match(/zaqar_t_\w+/)![0]}`],
  ['mysql', 'MariaDB', (uri) => uri],
])('zaqar-server on %s', (kind, label, operatorUri) => {
  describeWithServer(kind, label, () => {
    let scratch: ScratchDatabase;
    let server: ServerProcess;
    beforeAll(async () => {
      scratch = await createScratch(kind);
      const uri = operatorUri(scratch.uri);
      server = await startServerProcess(`[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`);
    });
    afterAll(async () => {
      await server?.stop();
      await scratch?.drop();
    });

    (clientInstalled || process.env.CI === 'true' ? it : it.skip)(
      `serves python-zaqarclient${clientInstalled ? '' : ' [skipped: /usr/bin/python3 has no zaqarclient]'}`,
      () => expectZaqarClientSession(server.url, `py-${kind}`),
    );

    it('stops on SIGTERM with exit code 0, closing its connections', async () => {
      expect(await openConnections(kind, scratch)).toBeGreaterThan(0);
      await server.stop();
      expect(server.child.exitCode).toBe(0);
      // The server ends a session a moment after the client closed it: look again a few times.
      let open = await openConnections(kind, scratch);
      for (let i = 0; i < 50 && open > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        open = await openConnections(kind, scratch);
      }
      expect(open).toBe(0);
    });
  });
});
