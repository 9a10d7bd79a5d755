/** The websocket session README shows (examples/ws-session.js) works as written against a real zaqar-server. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const run = promisify(execFile);

describe('README websocket session', () => {
  let server: ServerProcess;
  let wsPort: number;

  beforeAll(async () => {
    wsPort = await freePort();
    server = await startServerProcess(`[drivers]\ntransport = wsgi, websocket\n[drivers:transport:websocket]\nbind = 127.0.0.1\nport = ${wsPort}\n`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('posts, claims and deletes a message over one connection', async () => {
    const { stdout } = await run(process.execPath, [path.resolve(__dirname, '../../examples/ws-session.js'), `ws://127.0.0.1:${wsPort}`], { timeout: 20_000 });
    expect(stdout).toMatch(/^posted 201 \[ '[0-9a-f-]{36}' \]$/m);
    expect(stdout).toContain("claimed 201 [ { task: 'resize', image: 42 } ]");
    expect(stdout).toContain('deleted 204');
  });
});
