/**
 * Without a verifying `[DEFAULT] auth_strategy` the server says once, at
 * startup, that requests are trusted as sent: info on loopback, a warning
 * naming the transports reachable beyond it; nothing with a verifying one.
 */
import * as path from 'node:path';
import type { Logger } from '@zaqarjs/core';
import { startServer } from '@zaqarjs/server';
import { FIXTURES, tempDir } from './cli-process';

const REPO = path.resolve(__dirname, '../..');

async function startupLog(defaults: string, bind: string): Promise<{ level: string; obj: Record<string, unknown> }[]> {
  const lines: { level: string; obj: Record<string, unknown> }[] = [];
  const record = (level: string) => (obj: unknown) => void lines.push({ level, obj: (typeof obj === 'object' && obj) as Record<string, unknown> });
  const logger: Logger = { debug: () => undefined, info: record('info'), warn: record('warn'), error: record('error'), child: () => logger } as Logger;
  const t = tempDir('zaqar-unauth-log-');
  const db = `sqlite:///${t.dir}/zaqar.db`;
  const conf = t.write(
    'zaqar.conf',
    `[DEFAULT]\nplugin_dirs = ${FIXTURES}\ndata_dir = ${t.dir}/data\n${defaults}\n[drivers]\ntransport = wsgi\n` +
      `[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n[drivers:transport:wsgi]\nbind = ${bind}\nport = 0\n`,
  );
  const server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger });
  await server.stop(0);
  return lines.filter((line) => line.obj?.event === 'unauthenticated');
}

describe('the startup line about trusted headers', () => {
  it('is one info line with noauth on loopback', async () => {
    expect((await startupLog('', '127.0.0.1')).map((l) => l.level)).toEqual(['info']);
  });

  it('is one warning naming the transport when bound beyond loopback', async () => {
    const lines = await startupLog('auth_strategy = noauth', '0.0.0.0');
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(lines[0].obj.exposed).toEqual([expect.stringMatching(/^wsgi on 0\.0\.0\.0:\d+$/)]);
  });

  it('is absent with a verifying strategy', async () => {
    expect(await startupLog('auth_strategy = fixture-token', '0.0.0.0')).toEqual([]);
  });
});
