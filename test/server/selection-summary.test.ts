/**
 * zaqar-server says what the configuration chose: one `configuration` line
 * (transports, stores with masked URIs, auth strategy, pipelines), and a
 * warning naming both sides when a store section is set for a driver that is
 * not selected — a reference zaqar.conf setting only
 * `[drivers:message_store:mongodb] uri` must not run silently on SQLite.
 */
import { maskUri } from '../../packages/server/src/selection-summary';
import { logLines, startCli, tempDir } from './cli-process';

const WSGI = '[drivers:transport:wsgi]\nport = 0\n';

async function startupLines(conf: string): Promise<Record<string, unknown>[]> {
  const t = tempDir();
  const server = await startCli(['--config-file', t.write('zaqar.conf', conf)], { cwd: t.dir });
  const { stdout } = await server.stop();
  return logLines(stdout);
}

describe('what the configuration chose', () => {
  it('a reference conf with only [drivers:message_store:mongodb] uri: a warning naming the section, the default and where data goes', async () => {
    const lines = await startupLines(`[drivers:message_store:mongodb]\nuri = mongodb://zaqar:s3cret@db.example.com:27017/zaqar\n${WSGI}`);
    const warning = lines.find((l) => l.event === 'unselected_driver_section');
    expect(warning).toMatchObject({ level: 40 });
    expect(warning?.msg).toBe(
      "[drivers:message_store:mongodb] is set but [drivers] message_store is sqlalchemy (the default here; the reference's default is mongodb): " +
        'that section is not used; message store data goes to sqlite:///data/zaqar.db. Set [drivers] message_store = mongodb to use it.',
    );
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it('an explicit choice still warns about the unused section, without "default"', async () => {
    const t = tempDir();
    const lines = await startupLines(
      `[drivers]\nmanagement_store = sqlalchemy\n[drivers:management_store:sqlalchemy]\nuri = sqlite:///${t.dir}/m.db\n[drivers:management_store:redis]\nuri = redis://:pw@127.0.0.1:6379\n${WSGI}`,
    );
    const warnings = lines.filter((l) => l.event === 'unselected_driver_section').map((l) => l.msg);
    expect(warnings).toEqual([
      `[drivers:management_store:redis] is set but [drivers] management_store is sqlalchemy: that section is not used; management store data goes to sqlite:///${t.dir}/m.db. Set [drivers] management_store = redis to use it.`,
    ]);
  });

  it('one configuration line names transports, stores (credentials masked), auth strategy and pipelines', async () => {
    const t = tempDir();
    const lines = await startupLines(
      `[drivers:message_store:sqlalchemy]\nuri = sqlite:///${t.dir}/z.db\n[drivers:management_store:sqlalchemy]\nuri = sqlite:///${t.dir}/z.db\n[storage]\nmessage_pipeline = zaqar.notification.notifier\n${WSGI}`,
    );
    const summary = lines.filter((l) => l.event === 'configuration');
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary[0]).toMatchObject({
      level: 30,
      transports: ['wsgi'],
      messageStore: { name: 'sqlalchemy', uri: `sqlite:///${t.dir}/z.db` },
      managementStore: { name: 'sqlalchemy' },
      authStrategy: 'noauth',
      pipelines: { message: ['zaqar.notification.notifier'] },
    });
    expect(summary[0].msg).toBe(
      `Transports wsgi; message store sqlalchemy at sqlite:///${t.dir}/z.db; management store sqlalchemy at sqlite:///${t.dir}/z.db; ` +
        'auth strategy noauth; pipelines message: zaqar.notification.notifier',
    );
    expect(lines.some((l) => l.event === 'unselected_driver_section')).toBe(false);
  });

  it('maskUri hides passwords in the authority and the query', () => {
    expect(maskUri('postgresql://zaqar:pw@db/zaqar')).toBe('postgresql://zaqar:***@db/zaqar');
    expect(maskUri('redis://:pw@127.0.0.1:6379?dbid=2')).toBe('redis://:***@127.0.0.1:6379?dbid=2');
    expect(maskUri('mongodb://h1,h2/?replicaSet=r&password=x')).toBe('mongodb://h1,h2/?replicaSet=r&password=***');
    expect(maskUri('sqlite:///data/zaqar.db')).toBe('sqlite:///data/zaqar.db');
  });
});
