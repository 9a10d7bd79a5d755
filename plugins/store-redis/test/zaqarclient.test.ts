/**
 * The real zaqar-server command, finding this plugin by its package.json entry points,
 * serving on Redis to the real python-zaqarclient (the session of test/client).
 */
import { expectZaqarClientSession, zaqarClientInstalled } from '../../../test/client/zaqarclient-session';
import { startServerProcess, type ServerProcess } from '../../../test/support/server-process';
import { describeWithRedis, dropPrefix, testPrefix, testUri } from './redis-test-server';

const haveClient = zaqarClientInstalled();
const describeWithClient = process.env.CI === 'true' || haveClient ? describeWithRedis : describe.skip;

describeWithClient(haveClient ? 'zaqar-server on Redis with python-zaqarclient' : 'zaqar-server on Redis [skipped: no python3-zaqarclient]', () => {
  const prefix = testPrefix('cli');
  let server: ServerProcess;

  beforeAll(async () => {
    const uri = testUri(prefix);
    server = await startServerProcess(
      `[drivers]\nmessage_store = redis\nmanagement_store = redis\n` +
        `[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await dropPrefix(prefix);
  });

  it('manages queues, messages and claims through the client library', () => {
    expectZaqarClientSession(server.url);
  });
});
