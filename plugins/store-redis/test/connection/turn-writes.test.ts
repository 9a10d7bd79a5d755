import Redis from 'ioredis';
import { SEND_AT_MESSAGES, TurnWrites } from '../../src/connection/turn-writes';
import { dropPrefix, testPrefix, TEST_REDIS_URI } from '../redis-test-server';

/** Socket writes the client makes from now on (one write or writev call each). */
function countWrites(client: Redis): { count: () => number } {
  const stream = client.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method].bind(stream);
    stream[method] = (...args: unknown[]) => {
      writes++;
      original(...args);
    };
  }
  return { count: () => writes };
}

describe('turn writes (Redis commands of one event-loop turn in one socket write)', () => {
  const prefix = testPrefix('turn-writes');
  let client: Redis;

  beforeEach(async () => {
    client = new Redis(TEST_REDIS_URI, { lazyConnect: true });
    await client.connect();
  });
  afterEach(() => client.disconnect());
  afterAll(() => dropPrefix(prefix));

  it("sends a turn's commands in one write, each answered in order", async () => {
    const turn = new TurnWrites();
    const writes = countWrites(client);
    const replies = Array.from({ length: 20 }, (_, i) => {
      turn.hold(client);
      return client.incrby(`${prefix}n`, i + 1);
    });
    expect(writes.count()).toBe(0);
    // 1, 1+2, 1+2+3, …: applied in the order issued.
    expect(await Promise.all(replies)).toEqual(Array.from({ length: 20 }, (_, i) => ((i + 1) * (i + 2)) / 2));
    expect(writes.count()).toBe(1);
  });

  it('sends held commands at once when they write SEND_AT_MESSAGES messages, and holds the next ones again', async () => {
    const turn = new TurnWrites();
    const writes = countWrites(client);
    const issue = (messages: number) => {
      turn.hold(client);
      const reply = client.incrby(`${prefix}m`, messages);
      turn.commandQueued(messages);
      return reply;
    };
    const first = Array.from({ length: SEND_AT_MESSAGES - 1 }, () => issue(1));
    expect(writes.count()).toBe(0);
    const last = issue(1);
    expect(writes.count()).toBe(1);
    const large = issue(SEND_AT_MESSAGES);
    expect(writes.count()).toBe(2);
    const after = issue(1);
    expect(writes.count()).toBe(2);
    const total = 2 * SEND_AT_MESSAGES;
    expect(await Promise.all([...first, last, large, after])).toEqual([...Array.from({ length: SEND_AT_MESSAGES }, (_, i) => i + 1), total, total + 1]);
    expect(writes.count()).toBe(3);
  });

  it('writes one command per call without it (the comparison)', async () => {
    const writes = countWrites(client);
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.set(`${prefix}k${i}`, i)));
    expect(writes.count()).toBe(5);
  });

  it('flush() sends what the turn held at once, before the check phase', async () => {
    const turn = new TurnWrites();
    const writes = countWrites(client);
    turn.hold(client);
    const first = client.set(`${prefix}f`, 'a');
    turn.hold(client);
    const second = client.append(`${prefix}f`, 'b');
    turn.flush();
    expect(writes.count()).toBe(1);
    expect(await first).toBe('OK');
    expect(await second).toBe(2);
    // The check-phase release finds nothing held: later commands go out as they come.
    await new Promise(setImmediate);
    await client.get(`${prefix}f`);
    expect(writes.count()).toBe(2);
  });

  it('holds again in later turns, also from timers', async () => {
    const turn = new TurnWrites();
    const fromTimer = await new Promise<number>((resolve, reject) =>
      setTimeout(() => {
        turn.hold(client);
        client.incr(`${prefix}t`).then(resolve, reject);
      }, 5),
    );
    turn.hold(client);
    expect([fromTimer, await client.incr(`${prefix}t`)]).toEqual([1, 2]);
  });

  it('does not hold a client that is not connected (its commands fail at once as before)', async () => {
    const offline = new Redis(TEST_REDIS_URI, { lazyConnect: true, enableOfflineQueue: false });
    const turn = new TurnWrites();
    turn.hold(offline);
    await expect(offline.get(`${prefix}x`)).rejects.toThrow(/Stream isn't writeable/);
    offline.disconnect();
  });
});
