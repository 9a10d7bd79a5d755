/**
 * `zaqar-gc` (run by name from node_modules/.bin) removes expired messages from
 * SQLite, Redis and PostgreSQL: messages with a 1 s ttl are stored through the
 * store itself (the API's 60 s minimum would make the test wait a minute), then
 * the command runs on a zaqar.conf pointing at the same instance, and the
 * instance's raw bytes (SQLite: its rows, since a file keeps deleted bytes in
 * free pages) no longer hold the expired bodies but still hold the live one. Redis and PostgreSQL are the CI machine's (.ci/run starts them).
 */
import type { RawSections } from '@zaqarjs/core';
import Database from 'better-sqlite3';
import { buildConf, recordingLogger } from '../support/server';
import { openStores, prepareStores } from '../support/stores';
import { BIN_PATH, runCli, tempDir } from './cli-process';

function confText(sections: RawSections): string {
  return Object.entries(sections)
    .map(
      ([name, values]) =>
        `[${name}]\n${Object.entries(values)
          .map(([k, v]) => `${k} = ${v}\n`)
          .join('')}`,
    )
    .join('\n');
}

/** What the instance holds: Redis and PostgreSQL dumps are their live data; SQLite's file keeps freed pages, so its rows are read. */
async function stored(kind: string, sections: RawSections, dump: () => Promise<Buffer>): Promise<string> {
  if (kind !== 'sql') return (await dump()).toString();
  const file = sections['drivers:message_store:sqlalchemy'].uri.replace(/^sqlite:\/\//, '');
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify(db.prepare('select body from messages').all());
  } finally {
    db.close();
  }
}

describe.each(['sql', 'redis', 'postgres'])('zaqar-gc on %s', (kind) => {
  it('removes the expired messages and keeps the live one', async () => {
    const prepared = await prepareStores(kind);
    const conf = buildConf(prepared.sections, kind);
    const stores = await openStores(kind, conf, recordingLogger([]), prepared);
    try {
      await stores.control.queues.create('gc-project', 'gc-queue', {});
      const client = '3381af92-2b9e-11e3-b191-71861300734c';
      await stores.data.messages.post('gc-project', 'gc-queue', [{ body: 'gc-live-body', ttl: 3600, delay: 0 }], client);
      await stores.data.messages.post(
        'gc-project',
        'gc-queue',
        [
          { body: 'gc-expired-one', ttl: 1, delay: 0 },
          { body: 'gc-expired-two', ttl: 1, delay: 0 },
        ],
        client,
      );
      expect(await stored(kind, prepared.sections, stores.rawDump)).toContain('gc-expired-one');
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const t = tempDir();
      const result = await runCli(['--config-file', t.write('zaqar.conf', confText(prepared.sections))], { env: { PATH: BIN_PATH } }, ['zaqar-gc']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // Both expired messages, counted as messages (the stores tell kinds apart).
      expect(result.stdout).toMatch(/^\[drivers\] message_store \S+: removed 2 expired records \(messages 2\)\n$/);
      const after = await stored(kind, prepared.sections, stores.rawDump);
      expect(after).not.toContain('gc-expired-one');
      expect(after).not.toContain('gc-expired-two');
      expect(after).toContain('gc-live-body');
    } finally {
      await stores.close();
    }
  });
});
