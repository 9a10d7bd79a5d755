import { once } from 'node:events';
import * as net from 'node:net';
import { waitFor } from '../../../../test/support/wait-for';
import { TurnSends } from '../../src/http/turn-sends';

/** A connected pair on loopback: `server` is our side, `received` what the peer has read, chunk by chunk. */
async function socketPair(): Promise<{ server: net.Socket; received: string[]; close(): void }> {
  const listener = net.createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection');
  const peer = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  const [server] = (await accepted) as [net.Socket];
  server.setNoDelay(true);
  const received: string[] = [];
  peer.on('data', (chunk) => received.push(chunk.toString()));
  return {
    server,
    received,
    close: () => {
      peer.destroy();
      server.destroy();
      listener.close();
    },
  };
}

describe('TurnSends (responses of one event-loop turn sent together)', () => {
  it("sends a connection's writes of one turn together once the turn's I/O is done, and holds again in later turns", async () => {
    const pair = await socketPair();
    try {
      const sends = new TurnSends();
      sends.hold(pair.server);
      pair.server.write('first ');
      sends.hold(pair.server);
      pair.server.write('second');
      // Nothing has left yet within the turn.
      expect(pair.server.writableLength).toBe('first second'.length);
      await waitFor(() => pair.received.join('') === 'first second', { what: 'the held writes' });
      expect(pair.received).toEqual(['first second']);

      sends.hold(pair.server);
      pair.server.write(' third');
      await waitFor(() => pair.received.join('') === 'first second third', { what: "the next turn's write" });
      expect(pair.received.join('')).toBe('first second third');
    } finally {
      pair.close();
    }
  });

  it('a connection closed while held is skipped; the others are still sent', async () => {
    const [a, b] = [await socketPair(), await socketPair()];
    try {
      const sends = new TurnSends();
      sends.hold(a.server);
      sends.hold(b.server);
      a.server.write('lost');
      b.server.write('kept');
      a.server.destroy();
      await waitFor(() => b.received.join('') === 'kept', { what: "the open connection's write" });
      expect(b.received.join('')).toBe('kept');
      expect(a.received).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });
});
