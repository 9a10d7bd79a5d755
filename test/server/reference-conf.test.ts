/**
 * A zaqar.conf as a reference deployment writes it (the reference's "Redis messages + SQLite
 * catalogue" example configuration) serves unchanged: only the port, the SQLite path and
 * the Redis database number differ, so the test does not collide with the machine's other users.
 */
import { execFileSync } from 'node:child_process';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const REDIS_DB = 11;

const referenceConf = (port: number, dir: string) => `[DEFAULT]
auth_strategy =
unreliable = true

[drivers]
transport = wsgi
message_store = redis
management_store = sqlalchemy

[drivers:transport:wsgi]
bind = 127.0.0.1
port = ${port}

[drivers:message_store:redis]
uri = redis://127.0.0.1:6379?dbid=${REDIS_DB}

[drivers:management_store:sqlalchemy]
uri = sqlite:///${dir}/zaqar.db

[storage]
message_pipeline = zaqar.notification.notifier

[signed_url]
secret_key = change-me
`;

describe('a reference redis + sqlalchemy zaqar.conf', () => {
  let server: ServerProcess;
  const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'refconf', 'Content-Type': 'application/json' };

  beforeAll(async () => {
    server = await startServerProcess(referenceConf);
  });
  afterAll(async () => {
    await server?.stop();
    // The store keys everything under its prefix in this database: remove what the test wrote.
    execFileSync('sh', ['-c', `redis-cli -n ${REDIS_DB} --scan --pattern 'zaqar:*' | xargs -r redis-cli -n ${REDIS_DB} del`]);
  });

  it('posts to Redis, catalogues the queue in SQLite and claims', async () => {
    const post = await fetch(`${server.url}/v2/queues/refq/messages`, { method: 'POST', headers, body: JSON.stringify({ messages: [{ body: 'hi' }] }) });
    expect(post.status).toBe(201);
    const claim = await fetch(`${server.url}/v2/queues/refq/claims`, { method: 'POST', headers, body: '{}' });
    expect(claim.status).toBe(201);
    expect((await claim.json()).messages.map((m: { body: unknown }) => m.body)).toEqual(['hi']);
    const queues = await (await fetch(`${server.url}/v2/queues`, { headers })).json();
    expect(queues.queues.map((q: { name: string }) => q.name)).toEqual(['refq']);
    const keys = execFileSync('redis-cli', ['-n', String(REDIS_DB), '--scan', '--pattern', 'zaqar:*refconf*'], { encoding: 'utf8' });
    expect(keys).toContain('refq');
  });
});
