/**
 * A pool whose notice channel cannot be listened to when the first push
 * subscriber arrives (its Redis or PostgreSQL down) is listened to again a
 * little later, so that once the pool is back other processes' posts to its
 * queues reach this process's websocket subscribers and waiting claimers
 * without a restart. The pool is stood in for by a channel that refuses its
 * first subscription.
 */
import { createLogger, type MessageEvents, type PostedEvent } from '@zaqarjs/core';
import { PooledEvents } from '../../packages/server/src/pooling/pooled-events';
import type { PoolCatalogue } from '../../packages/server/src/pooling/pooled-driver';
import { waitFor } from '../support/wait-for';

/** A store channel that is down for its first `failures` subscriptions. */
class FlakyChannel implements MessageEvents {
  readonly listeners = new Set<(event: PostedEvent) => void>();
  attempts = 0;
  constructor(private failures: number) {}
  async publish(event: PostedEvent): Promise<void> {
    for (const listener of this.listeners) listener(event);
  }
  async subscribe(listener: (event: PostedEvent) => void): Promise<() => Promise<void>> {
    this.attempts++;
    if (this.failures-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }
}

function catalogueOf(channel: MessageEvents): PoolCatalogue {
  const store = { events: channel };
  return {
    stores: { onOpened: () => undefined, all: async () => [{ pool: { name: 'pg' }, store }] },
    storeFor: async () => store,
  } as unknown as PoolCatalogue;
}

describe('pooled notices when a pool channel cannot be listened to', () => {
  it('listens again after the retry pause and passes on the pool channel notices from then on', async () => {
    const channel = new FlakyChannel(2);
    const events = new PooledEvents(catalogueOf(channel), undefined, createLogger({ level: 'silent' }), 50);
    const heard: PostedEvent[] = [];
    const unsubscribe = await events.subscribe((event) => heard.push(event));
    try {
      expect(channel.listeners.size).toBe(0);
      await waitFor(() => channel.listeners.size === 1, { what: 'the third subscription attempt' });
      expect(channel.attempts).toBe(3);
      await channel.publish({ project: 'p', queue: 'q', messageIds: ['m1'] });
      await waitFor(() => heard.length > 0, { what: 'the notice passed on' });
      expect(heard).toEqual([{ project: 'p', queue: 'q', messageIds: ['m1'] }]);
    } finally {
      await unsubscribe();
    }
    expect(channel.listeners.size).toBe(0);
  });

  it('stops retrying once the last subscriber leaves', async () => {
    const channel = new FlakyChannel(1);
    const events = new PooledEvents(catalogueOf(channel), undefined, createLogger({ level: 'silent' }), 50);
    const unsubscribe = await events.subscribe(() => undefined);
    await unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(channel.attempts).toBe(1);
    expect(channel.listeners.size).toBe(0);
  });
});
