/**
 * The bodies in docs/openapi.json are the ones a real server exchanges: a
 * sequence of calls covering every documented operation (queues, messages,
 * claims, subscriptions, share, topics, health; pools and flavors on a second,
 * pooled server) is sent to real servers, each request body is checked
 * against the operation's request schema, and each answer against the
 * document: its status is a documented success (or an error answered with the
 * Error schema; a body sent to be refused must be refused by the request
 * schema too; every query parameter sent is documented), its body matches that status's schema, and a status
 * documented without content has no body. Finally every operation of the
 * document must have been exercised. Validation uses ajv's JSON Schema 2020-12
 * (OpenAPI 3.1's dialect) on the document's own schemas.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createLogger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { REPO, tempDir } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bodies', 'X-Roles': 'admin' };
const silent = createLogger({ level: 'silent' });

type Operation = {
  operationId: string;
  parameters?: { name?: string; in?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }>; $ref?: string }>;
};
type Doc = { paths: Record<string, Record<string, Operation>> };

const doc = JSON.parse(fs.readFileSync(path.join(REPO, 'docs/openapi.json'), 'utf8')) as Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ ...doc, $id: 'urn:zaqar:openapi' });
const pointer = (...parts: string[]) => `urn:zaqar:openapi#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** Validates `value` against the schema at `parts` of the document; returns ajv's errors as text (empty: valid). */
function check(value: unknown, ...parts: string[]): string {
  const validate = ajv.compile({ $ref: pointer(...parts) });
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

describe('OpenAPI request and response bodies against real servers', () => {
  const t = tempDir('zaqar-openapi-bodies-');
  const servers: RunningServer[] = [];
  const covered = new Set<string>();
  const problems: string[] = [];
  let receiver: http.Server;

  async function start(name: string, extra: string): Promise<string> {
    const db = `sqlite:///${t.dir}/${name}.db`;
    const conf = t.write(
      `${name}.conf`,
      `[DEFAULT]\nadmin_mode = True\ndata_dir = ${t.dir}/${name}-data\n${extra}\n[signed_url]\nsecret_key = test-secret-key\n` +
        `[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n`,
    );
    const server = await startServer({ appRoot: REPO, configFiles: [conf], env: {}, home: t.dir, logger: silent });
    servers.push(server);
    const { host, port } = server.addresses[0];
    return `http://${host}:${port}`;
  }

  /** One request by its documented path template; records problems instead of failing at once, to list them all. */
  function requester(base: string) {
    return async (
      method: string,
      template: string,
      params: Record<string, string> = {},
      init: { query?: string; body?: unknown; invalid?: boolean } = {},
    ): Promise<Call> => {
      const operation = doc.paths[template]?.[method.toLowerCase()];
      if (!operation) throw new Error(`${method} ${template} is not in the document`);
      covered.add(operation.operationId);
      const where = `${method} ${template}${init.query ? `?${init.query}` : ''}`;
      // Every query parameter sent is one the operation documents.
      const documentedQuery = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of new URLSearchParams(init.query ?? '').keys()) {
        if (!documentedQuery.has(name)) problems.push(`${where}: query parameter ${name} is not documented`);
      }
      const headers: Record<string, string> = { ...HEADERS };
      if (init.body !== undefined) {
        const [type] = Object.keys(operation.requestBody?.content ?? { 'application/json': {} });
        headers['Content-Type'] = type;
        if (operation.requestBody) {
          const errors = check(init.body, 'paths', template, method.toLowerCase(), 'requestBody', 'content', type, 'schema');
          // A body sent to see it refused must be one the document refuses too.
          if (init.invalid ? !errors : errors) problems.push(`${where}: request body ${JSON.stringify(init.body)}: ${errors || 'valid, yet refused'}`);
        } else problems.push(`${where}: sends a body the document does not describe`);
      }
      const url = `${base}${template.replace(/\{([a-z_]+)\}/g, (_m, name: string) => encodeURIComponent(params[name]))}${init.query ? `?${init.query}` : ''}`;
      const res = await fetch(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      const text = await res.text();
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      const status = String(res.status);
      const documented = operation.responses[status];
      if (documented) {
        const [type] = Object.keys(documented.content ?? {});
        if (!type && text !== '') problems.push(`${where}: ${status} is documented without a body but has ${text.slice(0, 80)}`);
        if (type) {
          if (res.headers.get('content-type')?.split(';')[0] !== type)
            problems.push(`${where}: ${status} content-type ${res.headers.get('content-type')}, documented ${type}`);
          const errors = check(body, 'paths', template, method.toLowerCase(), 'responses', status, 'content', type, 'schema');
          if (errors) problems.push(`${where}: ${status} body ${text.slice(0, 200)}: ${errors}`);
        }
      } else if (res.status >= 400) {
        const errors = check(body, 'components', 'schemas', 'Error');
        if (errors) problems.push(`${where}: ${status} error body ${text.slice(0, 200)}: ${errors}`);
      } else problems.push(`${where}: answered ${status}, not documented (${Object.keys(operation.responses).join(', ')})`);
      return { status: res.status, body, headers: res.headers };
    };
  }

  beforeAll(async () => {
    receiver = http.createServer((req, res) => req.resume().on('end', () => res.end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const server of servers) await server.stop(1000);
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  /** Messages, claims and subscriptions under `/v2/<collection>/{name}` (queues and topics share those operations). */
  async function messagesAndSubscriptions(call: ReturnType<typeof requester>, collection: 'queues' | 'topics', name: string): Promise<void> {
    const param = collection === 'queues' ? 'queue_name' : 'topic_name';
    const base = `/v2/${collection}/{${param}}`;
    const p = { [param]: name };
    const posted = await call('POST', `${base}/messages`, p, { body: { messages: [{ body: { n: 1 }, ttl: 300 }, { body: 'two' }, { body: null, ttl: 120 }] } });
    expect(posted.status).toBe(201);
    const ids = (posted.body.resources as string[]).map((href) => href.split('/').pop()!);
    expect((await call('GET', `${base}/messages`, p, { query: 'echo=true&limit=2' })).body.messages).toHaveLength(2);
    expect((await call('GET', `${base}/messages`, p, { query: `ids=${ids.join(',')}` })).body.messages).toHaveLength(3);
    expect((await call('GET', `${base}/messages/{message_id}`, { ...p, message_id: ids[0] })).status).toBe(200);
    expect((await call('GET', `${base}/messages/{message_id}`, { ...p, message_id: 'nosuch' })).status).toBe(404);
    expect((await call('DELETE', `${base}/messages`, p, { query: 'pop=1' })).body.messages).toHaveLength(1);
    expect((await call('DELETE', `${base}/messages`, p, { query: `ids=${ids[1]}` })).status).toBe(204);
    expect((await call('DELETE', `${base}/messages/{message_id}`, { ...p, message_id: ids[2] })).status).toBe(204);
    expect((await call('POST', `${base}/messages`, p, { body: { messages: [] }, invalid: true })).status).toBe(400);

    const subscriber = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const created = await call('POST', `${base}/subscriptions`, p, { body: { subscriber, ttl: 3600, options: { a: 1 } } });
    expect(created.status).toBe(201);
    const s = { ...p, subscription_id: created.body.subscription_id as string };
    expect((await call('GET', `${base}/subscriptions`, p)).body.subscriptions).toHaveLength(1);
    expect((await call('GET', `${base}/subscriptions/{subscription_id}`, s)).body.subscriber).toBe(subscriber);
    expect((await call('PATCH', `${base}/subscriptions/{subscription_id}`, s, { body: { ttl: 7200 } })).status).toBe(204);
    expect((await call('PUT', `${base}/subscriptions/{subscription_id}/confirm`, s, { body: { confirmed: true } })).status).toBe(204);
    expect((await call('DELETE', `${base}/subscriptions/{subscription_id}`, s)).status).toBe(204);
    expect((await call('GET', `${base}/subscriptions/{subscription_id}`, s)).status).toBe(404);
  }

  it('queues, messages, claims, subscriptions, share, topics and system routes answer as documented', async () => {
    const call = requester(await start('plain', ''));
    expect((await call('GET', '/')).status).toBe(300);
    expect((await call('GET', '/v2/')).status).toBe(200);
    expect((await call('GET', '/v2/ping')).status).toBe(204);
    expect((await call('HEAD', '/v2/ping')).status).toBe(204);
    expect((await call('GET', '/v2/health')).body.storage_reachable).toBe(true);
    expect((await call('GET', '/v2/openapi.json')).status).toBe(200);

    const q = { queue_name: 'jobs' };
    expect((await call('PUT', '/v2/queues/{queue_name}', q, { body: { description: 'work', _default_message_ttl: 3600 } })).status).toBe(201);
    expect((await call('PUT', '/v2/queues/{queue_name}', q, { body: { description: 'again' } })).status).toBe(204);
    expect((await call('GET', '/v2/queues', {}, { query: 'detailed=true&with_count=true' })).body.queues).toHaveLength(1);
    expect((await call('GET', '/v2/queues/{queue_name}', q)).body.description).toBe('work');
    const patched = await call('PATCH', '/v2/queues/{queue_name}', q, { body: [{ op: 'add', path: '/metadata/owner', value: 'ops' }] });
    expect(patched.body.owner).toBe('ops');
    await messagesAndSubscriptions(call, 'queues', 'jobs');

    const posted = await call('POST', '/v2/queues/{queue_name}/messages', q, { body: { messages: [{ body: 1 }, { body: 2 }] } });
    expect((await call('GET', '/v2/queues/{queue_name}/stats', q)).body.messages.total).toBe(2);
    const claim = await call('POST', '/v2/queues/{queue_name}/claims', q, { query: 'limit=1', body: { ttl: 60, grace: 60 } });
    expect(claim.status).toBe(201);
    const c = { ...q, claim_id: claim.headers.get('location')!.split('/').pop()! };
    expect((await call('GET', '/v2/queues/{queue_name}/stats', q)).body.messages.claimed).toBe(1);
    expect((await call('GET', '/v2/queues/{queue_name}/claims/{claim_id}', c)).body.messages).toHaveLength(1);
    expect((await call('PATCH', '/v2/queues/{queue_name}/claims/{claim_id}', c, { body: { ttl: 120 } })).status).toBe(204);
    const held = new URL(claim.body.messages[0].href as string, 'http://x');
    const m = { ...q, message_id: held.pathname.split('/').pop()! };
    expect((await call('DELETE', '/v2/queues/{queue_name}/messages/{message_id}', m, { query: held.search.slice(1) })).status).toBe(204);
    expect((await call('DELETE', '/v2/queues/{queue_name}/claims/{claim_id}', c)).status).toBe(204);
    expect((await call('GET', '/v2/queues/{queue_name}/claims/{claim_id}', c)).status).toBe(404);
    expect((await call('POST', '/v2/queues/{queue_name}/claims', q, { body: { ttl: 30 }, invalid: true })).status).toBe(400);
    expect(posted.status).toBe(201);
    expect((await call('POST', '/v2/queues/{queue_name}/share', q, { body: { paths: ['messages', 'claims'], methods: ['GET', 'POST'] } })).status).toBe(200);
    expect((await call('POST', '/v2/queues/{queue_name}/purge', q, { body: { resource_types: ['messages', 'subscriptions'] } })).status).toBe(204);
    expect((await call('POST', '/v2/queues/{queue_name}/claims', q)).status).toBe(204);
    expect((await call('DELETE', '/v2/queues/{queue_name}', q)).status).toBe(204);

    const tp = { topic_name: 'news' };
    expect((await call('PUT', '/v2/topics/{topic_name}', tp, { body: { description: 'fan-out' } })).status).toBe(201);
    expect((await call('GET', '/v2/topics', {}, { query: 'detailed=true' })).body.topics).toHaveLength(1);
    expect((await call('GET', '/v2/topics/{topic_name}', tp)).body.description).toBe('fan-out');
    expect((await call('PATCH', '/v2/topics/{topic_name}', tp, { body: [{ op: 'replace', path: '/metadata/description', value: 'x' }] })).status).toBe(200);
    await messagesAndSubscriptions(call, 'topics', 'news');
    expect((await call('GET', '/v2/topics/{topic_name}/stats', tp)).status).toBe(200);
    expect((await call('POST', '/v2/topics/{topic_name}/purge', tp, { body: { resource_types: ['messages'] } })).status).toBe(204);
    expect((await call('DELETE', '/v2/topics/{topic_name}', tp)).status).toBe(204);
  });

  it('pools, flavors and pooled health answer as documented', async () => {
    const call = requester(await start('pooled', 'pooling = True'));
    const p = { pool_name: 'p1' };
    expect((await call('PUT', '/v2/pools/{pool_name}', p, { body: { uri: `sqlite:///${t.dir}/pool1.db`, weight: 100 } })).status).toBe(201);
    expect((await call('GET', '/v2/pools', {}, { query: 'detailed=true' })).body.pools).toHaveLength(1);
    expect((await call('GET', '/v2/pools/{pool_name}', p, { query: 'detailed=true' })).body.weight).toBe(100);
    expect((await call('PATCH', '/v2/pools/{pool_name}', p, { body: { weight: 60 } })).body.weight).toBe(60);
    const f = { flavor_name: 'f1' };
    expect((await call('PUT', '/v2/flavors/{flavor_name}', f, { body: { pool_list: ['p1'] } })).status).toBe(201);
    expect((await call('GET', '/v2/flavors', {}, { query: 'detailed=true' })).body.flavors).toHaveLength(1);
    expect((await call('GET', '/v2/flavors/{flavor_name}', f)).body.pool_list).toEqual(['p1']);
    expect((await call('PATCH', '/v2/flavors/{flavor_name}', f, { body: { pool_list: ['p1'] } })).status).toBe(200);
    expect((await call('PUT', '/v2/queues/{queue_name}', { queue_name: 'pooled' }, { body: { _flavor: 'f1' } })).status).toBe(201);
    expect((await call('GET', '/v2/health')).body.catalog_reachable).toBe(true);
    expect((await call('PUT', '/v2/flavors/{flavor_name}', f, { body: { pool_list: [], extra: 1 }, invalid: true })).status).toBe(400);
    expect((await call('DELETE', '/v2/flavors/{flavor_name}', f)).status).toBe(204);
    expect((await call('DELETE', '/v2/pools/{pool_name}', p)).status).toBe(204);
    expect((await call('GET', '/v2/pools/{pool_name}', p)).status).toBe(404);
  });

  it('every body matched the document, and every documented operation was exercised', () => {
    expect(problems).toEqual([]);
    const all = Object.values(doc.paths).flatMap((operations) => Object.values(operations).map((op) => op.operationId));
    expect(all.filter((id) => !covered.has(id))).toEqual([]);
  });
});
