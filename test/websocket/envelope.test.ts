/**
 * Bad input: undecodable frames, non-object
 * documents, unknown actions, schema violations, oversized frames, and the
 * authentication gate. Each gets the reference's answer and the connection
 * stays usable; nothing crashes the server.
 */
import { type Authenticator } from '@zaqarjs/core';
import { ParsedBody } from '@zaqarjs/core/api';
import { encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { CLIENT_ID, WsClient } from './support/ws-client';
import { startWsServer, type WsTestServer } from './support/ws-server';

const NULL_ECHO = { action: null, body: {}, headers: {}, api: 'v2' };

describe('websocket bad input', () => {
  let server: WsTestServer;
  let client: WsClient;
  const headers = () => ({ 'Client-ID': CLIENT_ID, 'X-Project-ID': server.project });

  beforeAll(async () => {
    server = await startWsServer();
    client = await WsClient.connect(server.url, server.project);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('answers undecodable JSON and MessagePack with 400 in the same frame type', async () => {
    const text = await client.sendRaw('{"action": "queue_list"', false);
    expect(text.binary).toBe(false);
    expect(text.request).toEqual(NULL_ECHO);
    expect(text.headers.status).toBe(400);
    expect(text.body.error).toMatch(/^Can't decode text \(JSON\) request\. JSONDecodeError: /);
    const binary = await client.sendRaw(Buffer.from([0xc1, 0x00]), true);
    expect(binary.binary).toBe(true);
    expect(binary.body.error).toMatch(/^Can't decode binary \(MessagePack\) request\. /);
  });

  it('answers a document that is not an object', async () => {
    for (const [doc, bin] of [
      [[1, 2], false],
      ['text', true],
      [42, false],
    ] as const) {
      const res = await client.sendEnvelope(doc, bin);
      expect([res.headers.status, res.body, res.request]).toEqual([400, { error: 'Unexpected body type. Expected dict or dict like.' }, NULL_ECHO]);
    }
  });

  it('names unknown and missing actions', async () => {
    expect((await client.sendEnvelope({ action: 'queue_lst', headers: headers() })).body).toEqual({ error: 'queue_lst is not a valid action' });
    const missing = await client.sendEnvelope({ headers: headers() });
    expect([missing.body, missing.request.action]).toEqual([{ error: 'None is not a valid action' }, null]);
  });

  it('fails schema validation for missing headers, body fields and wrong types', async () => {
    const failed = { error: 'Schema validation failed.' };
    expect((await client.sendEnvelope({ action: 'queue_get', headers: headers(), body: {} })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'queue_get', body: { queue_name: 'q' } })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'queue_get', headers: { 'X-Project-ID': 'p' }, body: { queue_name: 'q' } })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'queue_get', headers: { ...headers(), 'X-Project-ID': 5 }, body: { queue_name: 'q' } })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'claim_create', headers: headers(), body: { queue_name: 'q', limit: '5' } })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'message_list', headers: headers(), body: { queue_name: 'q', echo: 'true' } })).body).toEqual(failed);
    expect((await client.sendEnvelope({ action: 'queue_create', headers: headers() })).body).toEqual(failed);
  });

  it('defaults an absent body to {} in the echo and accepts extra keys', async () => {
    const res = await client.sendEnvelope({ action: 'queue_list', headers: { ...headers(), 'X-Extra': 1 }, extra: true });
    expect(res.headers.status).toBe(200);
    expect(res.request.body).toEqual({});
  });

  it('stays usable after every error', async () => {
    await client.sendRaw('nonsense', false);
    expect((await client.request('queue_create', { queue_name: 'still-here' })).headers.status).toBe(201);
  });

  it('answers a frame over the request limits with the size error, and closes on a frame over max_frame_size (1009)', async () => {
    const big = await client.request('queue_create', { queue_name: 'big', metadata: { blob: 'x'.repeat(100_000) } });
    expect(big.body.exception).toBe('Queue metadata is too large. Max size: 65536');
    const victim = await WsClient.connect(server.url, server.project);
    victim.socket.send(encode({ action: 'queue_list', headers: headers(), body: { pad: 'x'.repeat(2_000_000) } }), { binary: true });
    expect((await victim.whenClosed()).code).toBe(1009);
    expect((await client.request('queue_list', {})).headers.status).toBe(200);
  });

  it('refuses a plain HTTP request with 426 and a handshake through the wrong external port', async () => {
    const res = await fetch(server.url.replace('ws:', 'http:'));
    expect(res.status).toBe(426);
    const proxied = await startWsServer({ conf: { 'drivers:transport:websocket': { external_port: '443' } } });
    try {
      const socket = new WebSocket(proxied.url);
      const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0)));
      expect(status).toBe(400);
      const ok = new WebSocket(proxied.url, { headers: { Host: 'zaqar.example:443' } });
      await new Promise((resolve, reject) => (ok.on('open', resolve), ok.on('error', reject)));
      ok.close();
    } finally {
      await proxied.close();
    }
  });

  it('has logged no unexpected error', () => {
    expect(server.errors).toEqual([]);
  });
});

describe('websocket authentication gate (a verifying auth_strategy)', () => {
  let server: WsTestServer;
  let client: WsClient;
  const KEY = 'test-secret';

  beforeAll(async () => {
    // The fixture token authenticator stands in for Keystone (test/fixtures/plugins/fixture-auth).
    const authenticator = (require('../fixtures/plugins/fixture-auth') as { create(): Authenticator }).create();
    server = await startWsServer({ conf: { DEFAULT: { auth_strategy: 'fixture-token' }, signed_url: { secret_key: KEY } }, authenticator });
    client = await WsClient.connect(server.url, server.project);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  /** Signs through the share operation of the request layer (what POST /v2/queues/{q}/share returns). */
  function signed(queue: string, methods: string[]): Record<string, unknown> {
    const ctx = { project: server.project, clientId: CLIENT_ID, roles: [], requestId: 'req-share' };
    const url = server.api.share.create(ctx, queue, new ParsedBody({ methods }, 0));
    return {
      'Client-ID': CLIENT_ID,
      'X-Project-ID': server.project,
      'URL-Signature': url.signature,
      'URL-Methods': url.methods,
      'URL-Paths': url.paths,
      'URL-Expires': url.expires,
    };
  }

  it("refuses unauthenticated requests and answers a failed authenticate with the authenticator's status", async () => {
    expect(await client.request('queue_list', {})).toMatchObject({ headers: { status: 403 }, body: { error: 'Not authentified.' } });
    const auth = await client.request('authenticate', undefined, { headers: { 'X-Project-ID': server.project, 'X-Auth-Token': 'token' } });
    expect([auth.headers.status, auth.body, auth.request.headers]).toEqual([401, { error: 'Authentication failed.' }, {}]);
    const down = await client.request('authenticate', undefined, { headers: { 'X-Project-ID': server.project, 'X-Auth-Token': 'down' } });
    expect([down.headers.status, down.body]).toEqual([503, { error: 'Authentication failed.' }]);
    expect(await client.request('queue_list', {})).toMatchObject({ headers: { status: 403 }, body: { error: 'Not authentified.' } });
  });

  it('serves message actions with a pre-signed URL for that queue only', async () => {
    const headers = signed('shared', ['POST', 'GET']);
    expect((await client.request('message_post', { queue_name: 'shared', messages: [{ body: 1 }] }, { headers })).headers.status).toBe(201);
    expect((await client.request('message_list', { queue_name: 'shared', echo: true }, { headers })).body.messages).toHaveLength(1);
    expect((await client.request('message_post', { queue_name: 'other', messages: [{ body: 1 }] }, { headers })).body).toEqual({ error: 'Not authentified.' });
    expect((await client.request('message_delete_many', { queue_name: 'shared', pop: 1 }, { headers })).body).toEqual({ error: 'Not authentified.' });
    expect((await client.request('queue_list', {}, { headers })).body).toEqual({ error: 'Not authentified.' });
    const commaForm = { ...headers, 'URL-Methods': 'POST,GET' };
    expect((await client.request('message_list', { queue_name: 'shared' }, { headers: commaForm })).body).toEqual({ error: 'Not authentified.' });
  });
});
