/** The HTTP access log: one JSON line per request, in the process logger's format. */
import { Writable } from 'node:stream';
import { createLogger } from '@zaqarjs/core';
import { RequestApi } from '@zaqarjs/core/api';
import { createHttpServer, type HttpTransport } from '@zaqarjs/transport-wsgi';
import { CLIENT_ID, recordingLogger, sendRequest, startServer, type TestServer } from '../support/server';
import { quietPeriod, waitFor } from '../support/wait-for';

let base: TestServer;
beforeAll(async () => {
  base = await startServer();
});
afterAll(async () => {
  await base.close();
});

/** A transport over `base`'s stores whose logger writes lines into `lines`. */
async function loggedTransport(level: 'info' | 'warn', lines: string[]): Promise<HttpTransport> {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, destination }).child({ transport: 'wsgi' });
  const api = new RequestApi({ conf: base.conf, control: base.stores.control, data: base.stores.data, logger: recordingLogger([]) });
  const transport = createHttpServer(api, base.conf, logger, { host: '127.0.0.1', port: 0 });
  await transport.listen();
  return transport;
}

const send = (transport: HttpTransport, method: string, path: string) =>
  sendRequest(transport.url, method, path, { 'Client-ID': CLIENT_ID, 'X-Project-ID': base.project });

describe('access log', () => {
  it('writes one line per request with method, path, status, duration and the request id sent back', async () => {
    const lines: string[] = [];
    const transport = await loggedTransport('info', lines);
    try {
      const created = await send(transport, 'PUT', '/v2/queues/logged');
      const missing = await send(transport, 'GET', '/v2/no%22such');
      const requests = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
      const entries = await waitFor(() => requests().length >= 2 && requests(), { what: 'two access-log lines' });
      expect(entries).toEqual([
        {
          level: 30,
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          name: 'zaqar',
          pid: process.pid,
          transport: 'wsgi',
          method: 'PUT',
          path: '/v2/queues/logged',
          status: 201,
          ms: expect.any(Number),
          requestId: created.headers.get('x-openstack-request-id'),
          msg: 'request',
        },
        expect.objectContaining({ method: 'GET', path: '/v2/no%22such', status: 404, requestId: missing.headers.get('x-openstack-request-id') }),
      ]);
    } finally {
      await transport.close(1000);
    }
  });

  it('writes nothing below the configured level', async () => {
    const lines: string[] = [];
    const transport = await loggedTransport('warn', lines);
    try {
      expect((await send(transport, 'GET', '/v2/ping')).status).toBe(204);
      await quietPeriod(50); // asserting NO line is written: nothing to wait for
      expect(lines).toEqual([]);
    } finally {
      await transport.close(1000);
    }
  });
});
