/**
 * The real python-zaqarclient (Debian python3-zaqarclient) against a real
 * zaqar-server process on the embedded SQLite store.
 */
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expectZaqarClientSession, zaqarClientInstalled } from './zaqarclient-session';

const available = zaqarClientInstalled();
if (!available && process.env.CI === 'true') {
  throw new Error('python3-zaqarclient is not installed; .ci/run installs it (apt-get install python3-zaqarclient)');
}
const maybe = available ? describe : describe.skip;

maybe(available ? 'python-zaqarclient' : 'python-zaqarclient (SKIPPED: /usr/bin/python3 has no zaqarclient; apt-get install python3-zaqarclient)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('manages queues, messages and claims through the client library', () => {
    expectZaqarClientSession(server.url);
  });
});
