/**
 * `zaqar-gc` (run by name from node_modules/.bin) removes expired messages from
 * SQLite, Redis and PostgreSQL: messages with a 1 s ttl are stored through the
 * store itself (the API's 60 s minimum would make the test wait a minute), then
 * the command runs on a zaqar.conf pointing at the same instance, and the
 * instance's raw bytes (SQLite: its rows, since a file keeps deleted bytes in
 * free pages) no longer hold the expired messages (ids and bodies) but still hold the live one. Redis and PostgreSQL are the CI machine's (.ci/run starts them).
 * With pooling, one pass covers every pool (two SQLite pools) and prints the kinds removed.
 */
import { createLogger, type RawSections } from '@zaqarjs/core';
import { startServer } from '@zaqarjs/server';
import Database from 'better-sqlite3';
import { buildConf, recordingLogger } from '../support/server';
import { openStores, prepareStores } from '../support/stores';
import { BIN_PATH, REPO, runCli, tempDir } from './cli-process';

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
    return JSON.stringify(db.prepare('select id, body from messages').all());
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
      const expiredIds = await stores.data.messages.post(
        'gc-project',
        'gc-queue',
        [
          { body: 'gc-expired-one', ttl: 1, delay: 0 },
          { body: 'gc-expired-two', ttl: 1, delay: 0 },
        ],
        client,
      );
      // By id: Redis drops a message's hash by itself once its ttl passes (a slow machine may
      // get there before this read), but its queue's indexes keep the id until a collection.
      const before = await stored(kind, prepared.sections, stores.rawDump);
      for (const id of expiredIds) expect(before).toContain(id);
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
      for (const id of expiredIds) expect(after).not.toContain(id);
      expect(after).toContain('gc-live-body');
    } finally {
      await stores.close();
    }
  });
});

describe('zaqar-gc with pooling', () => {
  it('removes expired messages from every pool and prints the kinds', async () => {
    const t = tempDir();
    const catalogue = `sqlite:///${t.dir}/catalogue.db`;
    const conf = t.write(
      'zaqar.conf',
      `[DEFAULT]\nadmin_mode = True\npooling = True\ndata_dir = ${t.dir}/data\n[drivers:transport:wsgi]\nport = 0\n` +
        `[drivers:message_store:sqlalchemy]\nuri = ${catalogue}\n[drivers:management_store:sqlalchemy]\nuri = ${catalogue}\n`,
    );
    const server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: createLogger({ level: 'silent' }) });
    try {
      const { host, port } = server.addresses[0];
      const call = (method: string, p: string, body?: unknown) =>
        fetch(`http://${host}:${port}${p}`, {
          method,
          headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'gc', 'X-Roles': 'admin', 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      // Queue a on pool a (the only one), then b on pool b (a no longer takes new queues).
      expect((await call('PUT', '/v2/pools/a', { uri: `sqlite:///${t.dir}/a.db`, weight: 100 })).status).toBe(201);
      expect(
        (
          await call('POST', '/v2/queues/qa/messages', {
            messages: [
              { ttl: 60, body: 'a1' },
              { ttl: 60, body: 'a2' },
              { ttl: 3600, body: 'live' },
            ],
          })
        ).status,
      ).toBe(201);
      expect((await call('PUT', '/v2/pools/b', { uri: `sqlite:///${t.dir}/b.db`, weight: 100 })).status).toBe(201);
      expect((await call('PATCH', '/v2/pools/a', { weight: 0 })).status).toBe(200);
      expect((await call('POST', '/v2/queues/qb/messages', { messages: [{ ttl: 60, body: 'b1' }] })).status).toBe(201);
    } finally {
      await server.stop(0);
    }
    for (const [pool, count] of [
      ['a', 3],
      ['b', 1],
    ] as const) {
      const db = new Database(`${t.dir}/${pool}.db`);
      try {
        // Each pool holds its queue's messages, so one pass must reach both files.
        expect(db.prepare('select count(*) as n from messages').get()).toEqual({ n: count });
        db.prepare('update messages set expires = 1 where ttl = 60').run();
      } finally {
        db.close();
      }
    }
    const result = await runCli(['--config-file', conf], { env: { PATH: BIN_PATH } }, ['zaqar-gc']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('[drivers] message_store sqlalchemy (every pool): removed 3 expired records (messages 3)\n');
    const left = (pool: string) => {
      const db = new Database(`${t.dir}/${pool}.db`, { readonly: true });
      try {
        return (db.prepare('select body from messages').all() as { body: string }[]).map((row) => row.body);
      } finally {
        db.close();
      }
    };
    expect(left('a')).toEqual([JSON.stringify('live')]);
    expect(left('b')).toEqual([]);
  });
});
