/**
 * Cross-process "messages posted" notices of a pooled deployment: a post is
 * announced on the channel of the store that keeps its queue (a Redis pool's
 * pub/sub, a PostgreSQL pool's LISTEN/NOTIFY), else on the configured message
 * store's, else on the fallback (the cluster primary's relay), else only in
 * this process. A subscriber hears the configured store's channel and that of
 * every pool store this process opens.
 */
import type { DataDriver, Logger, MessageEvents, PostedEvent } from '@zaqarjs/core';
import type { PoolCatalogue } from './pooled-driver';

type Listener = (event: PostedEvent) => void;

/** Pause before listening again to a channel that could not be listened to (its store down). */
export const LISTEN_RETRY_MS = 5000;

export class PooledEvents implements MessageEvents {
  private readonly listeners = new Set<Listener>();
  /** Channels listened to (by their events object), with their unsubscribe function. */
  private readonly heard = new Map<MessageEvents, Promise<(() => Promise<void>) | undefined>>();
  private listening = false;

  constructor(
    private readonly catalogue: PoolCatalogue,
    /** The configured message store's channel, else the fallback: what queues on pools without one use. */
    private readonly shared: MessageEvents | undefined,
    private readonly logger: Logger,
    private readonly retryMs = LISTEN_RETRY_MS,
  ) {
    catalogue.stores.onOpened((store) => {
      if (this.listening) void this.listenTo(store.events);
    });
  }

  /** The channel a post to the queue is announced on (undefined: this process only). */
  async channelOf(project: string, queue: string): Promise<MessageEvents | undefined> {
    let store: DataDriver | undefined;
    try {
      store = await this.catalogue.storeFor(project, queue);
    } catch {
      store = undefined; // pool down: its posts fail anyway
    }
    return store?.events ?? this.shared;
  }

  /** Whether posts to the queue reach other processes (else push subscribers elsewhere are notified over HTTP). */
  async carries(project: string, queue: string): Promise<boolean> {
    return (await this.channelOf(project, queue)) !== undefined;
  }

  async publish(event: PostedEvent): Promise<void> {
    const channel = await this.channelOf(event.project, event.queue);
    if (channel) await channel.publish(event);
    else this.deliver(event);
  }

  async subscribe(listener: Listener): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    if (!this.listening) {
      this.listening = true;
      // Every registered pool (and, through onOpened, every one opened later: one that did not open now, or registered since).
      const pools = await this.catalogue.stores.all().catch((error: unknown) => {
        this.logger.warn({ err: error, event: 'pool_notice_listen_failed' }, 'Could not list the pools to listen to; each is listened to once it opens');
        return [];
      });
      const opened = pools.flatMap((entry) => (entry.store ? [entry.store.events] : []));
      await Promise.all([this.shared, ...opened].map((events) => this.listenTo(events)));
    }
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) await this.stop();
    };
  }

  private listenTo(events: MessageEvents | undefined): Promise<unknown> {
    if (!events || this.heard.has(events)) return Promise.resolve();
    const subscription = events
      .subscribe((event) => {
        this.hear(events, event).catch((error: unknown) =>
          this.logger.warn({ err: error, event: 'pool_notice_failed' }, 'A posted-messages notice was dropped'),
        );
      })
      .catch((error: unknown) => {
        this.heard.delete(events);
        this.logger.warn(
          { err: error, event: 'pool_notice_listen_failed', retryInMs: this.retryMs },
          'Could not listen to a pool store for posted messages; trying again',
        );
        // A pool that comes back must carry notices again without waiting for its store to be reopened.
        setTimeout(() => this.listening && void this.listenTo(events), this.retryMs).unref();
        return undefined;
      });
    this.heard.set(events, subscription);
    return subscription;
  }

  /**
   * Several stores may share one channel (two Redis pools on one server and
   * prefix, a pool and the configured store): a notice is passed on only from
   * the channel its queue's posts are announced on, so it is heard once.
   */
  private async hear(source: MessageEvents, event: PostedEvent): Promise<void> {
    if ((await this.channelOf(event.project, event.queue)) === source) this.deliver(event);
  }

  private deliver(event: PostedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: (error as Error)?.message }, 'A posted-messages listener threw');
      }
    }
  }

  private async stop(): Promise<void> {
    this.listening = false;
    const subscriptions = [...this.heard.values()];
    this.heard.clear();
    await Promise.allSettled(subscriptions.map(async (subscription) => (await subscription)?.()));
  }
}
