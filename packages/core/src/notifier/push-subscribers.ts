import type { DataDriver } from '../storage/driver';
import type { PostedEvent } from '../storage/message-events';
import { token, type Token } from '../tokens';
import type { Logger } from '../util/logger';
import { notificationOf } from './notification';
import type { Notification } from './notifier';

/** DI key of the process's PushSubscribers (`Symbol.for`, like core's TOKENS). */
export const PUSH_SUBSCRIBERS: Token<PushSubscribers> = token<PushSubscribers>('zaqar.push_subscribers');

/** One subscription whose subscriber is a connection of this process (a websocket). */
export interface PushTarget {
  subscriptionId: string;
  project: string;
  queue: string;
  /** The subscriber URI stored with the subscription. */
  subscriber: string;
  /** When the subscription's ttl ends (ms since the epoch). */
  expiresAt: number;
  /** Sends one notification down the connection; must not throw. */
  push(notification: Notification): void;
}

/** What the registry needs: the (unwrapped) message store, and the confirmation rule. */
export interface PushSubscribersDeps {
  data: DataDriver;
  logger: Logger;
  /** `[notification] require_confirmation`: unconfirmed subscriptions receive nothing. */
  requireConfirmation: boolean;
}

const key = (project: string, queue: string) => `${project}\n${queue}`;

/**
 * The push subscribers connected to this process, and the fan-out to them.
 * A post is announced once (`announce`): through the store's `events` when it
 * has them, so every process sharing the store hears it (this one included),
 * else straight to this process. On hearing of a post, a process with
 * subscribers for that queue re-reads the queue's live subscriptions (an
 * explicit delete or an expiry stops deliveries everywhere) and the posted
 * messages, then pushes one notification per message to each.
 */
export class PushSubscribers {
  private readonly byQueue = new Map<string, Set<PushTarget>>();
  private readonly bySubscriber = new Map<string, PushTarget>();
  /** Listeners of every post heard (long-poll claimers), whatever the subscriptions. */
  private readonly hearers = new Set<(event: PostedEvent) => void>();
  private listening?: Promise<(() => Promise<void>) | undefined>;

  constructor(private readonly deps: PushSubscribersDeps) {}

  /** Registers a target; resolves (once this process hears remote posts) with its removal function. */
  async add(target: PushTarget): Promise<() => void> {
    await this.listen();
    const k = key(target.project, target.queue);
    const set = this.byQueue.get(k) ?? new Set<PushTarget>();
    this.byQueue.set(k, set.add(target));
    this.bySubscriber.set(target.subscriber, target);
    return () => this.remove(target);
  }

  /** Calls `listener` for every post heard (this process's and, with store events, every process's); resolves with its removal. */
  async hear(listener: (event: PostedEvent) => void): Promise<() => void> {
    await this.listen();
    this.hearers.add(listener);
    return () => void this.hearers.delete(listener);
  }

  /** Whether `subscriber` is a connection of this process. */
  isLocal(subscriber: string): boolean {
    return this.bySubscriber.has(subscriber);
  }

  /** Number of registered targets. */
  get size(): number {
    return this.bySubscriber.size;
  }

  /** Makes a post known to every process sharing the store (or to this one when the store has no events). */
  async announce(event: PostedEvent): Promise<void> {
    const events = this.deps.data.events;
    if (events) await events.publish(event);
    else await this.dispatch(event);
  }

  /** Pushes the posted messages to this process's live subscribers of the queue. */
  async dispatch(event: PostedEvent): Promise<void> {
    for (const hearer of this.hearers) hearer(event);
    const targets = this.liveTargets(event.project, event.queue);
    if (targets.length === 0) return;
    const { data } = this.deps;
    const subscriptions = await data.subscriptions.listAll(event.project, event.queue);
    const live = new Set(subscriptions.filter((s) => s.confirmed || !this.deps.requireConfirmation).map((s) => s.id));
    const receivers = targets.filter((t) => live.has(t.subscriptionId));
    if (receivers.length === 0) return;
    const found = await data.messages.bulkGet(event.project, event.queue, event.messageIds);
    const byId = new Map(found.map((m) => [m.id, m]));
    for (const id of event.messageIds) {
      const message = byId.get(id);
      if (!message) continue; // deleted or expired in between: at-most-once, like the reference
      const notification = notificationOf(event.queue, message);
      for (const target of receivers) target.push(notification);
    }
  }

  /** Stops hearing remote posts and forgets every target. */
  async close(): Promise<void> {
    const listening = this.listening;
    this.listening = undefined;
    this.byQueue.clear();
    this.bySubscriber.clear();
    this.hearers.clear();
    const unsubscribe = await listening?.catch(() => undefined);
    await unsubscribe?.();
  }

  private liveTargets(project: string, queue: string): PushTarget[] {
    const set = this.byQueue.get(key(project, queue));
    if (!set) return [];
    const now = Date.now();
    const live: PushTarget[] = [];
    for (const target of set) {
      if (target.expiresAt > now) live.push(target);
      else this.remove(target);
    }
    return live;
  }

  private remove(target: PushTarget): void {
    const k = key(target.project, target.queue);
    const set = this.byQueue.get(k);
    set?.delete(target);
    if (set?.size === 0) this.byQueue.delete(k);
    if (this.bySubscriber.get(target.subscriber) === target) this.bySubscriber.delete(target.subscriber);
  }

  /** Subscribes to the store's events once (no-op without them); a failure is retried at the next add. */
  private listen(): Promise<unknown> {
    const events = this.deps.data.events;
    if (!events) return Promise.resolve();
    this.listening ??= events
      .subscribe((event) => {
        this.dispatch(event).catch((error: unknown) => this.deps.logger.warn({ err: error, event: 'push_failed' }, 'Push notification failed'));
      })
      .catch((error: unknown) => {
        this.listening = undefined;
        throw error;
      });
    return this.listening;
  }
}
