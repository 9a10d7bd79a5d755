import { subscriberScheme } from '../api/subscription-validation';
import { topicOfStorageName } from '../api/topic-names';
import type { DataDriver } from '../storage/driver';
import type { NewMessage, Subscription } from '../storage/types';
import type { Logger } from '../util/logger';
import { isPushSubscriberUri, notificationOf } from '../notifier/notification';
import { retrySchedule, selectRetryPolicy } from '../notifier/backoff';
import { Deliveries, type SetTimer } from '../notifier/deliveries';
import { DELIVERY_THREAD_NICENESS, DeliveryThread } from '../notifier/delivery-thread';
import { FanoutMemo, type FanoutInputs } from '../notifier/fanout-memo';
import type { Notifier } from '../notifier/notifier';
import type { PushSubscribers } from '../notifier/push-subscribers';
import { TaskPool } from '../notifier/task-pool';
import type { PipelineStage } from './stage';

/** The reference's name of this stage in `[storage] message_pipeline`. */
export const NOTIFICATION_STAGE = 'zaqar.notification.notifier';

/** What the fan-out reads; the getters resolve late because the composition root registers them after stages. */
export interface NotificationStageDeps {
  /** The unwrapped message store (a stage must not call its own pipeline). */
  data: DataDriver;
  logger: Logger;
  /** Notifiers by subscriber URI scheme (`zaqar.notification.tasks` plugins). */
  notifiers(): ReadonlyMap<string, Notifier>;
  /** This process's push subscribers (websocket connections), when any transport pushes. */
  push(): PushSubscribers | undefined;
  /** `[notification] max_notifier_workers`. */
  workers: number;
  /** `[notification] require_confirmation`. */
  requireConfirmation: boolean;
  /** The queue's `_retry_policy` metadata (from the management store); absent: no queue policy. */
  queueRetryPolicy?(project: string, queue: string): Promise<unknown>;
  /** Deliveries waiting for a worker at most (beyond: dropped, logged, counted). */
  maxQueued?: number;
  /** Timer of retry delays (tests pass a fake clock). */
  setTimer?: SetTimer;
  /** Ms a queue's subscription list and retry policy are reused across posts (`[storage] queue_metadata_cache_ttl`); absent or 0: read per post. */
  fanoutTtlMs?: number;
  /** Deliver through notifiers' `offThread` modules in a delivery thread (the stage plugin sets it; unit tests leave it out). */
  deliveryThread?: boolean;
}

const DEFAULT_MAX_QUEUED = 10_000;

/**
 * `zaqar.notification.notifier`: after messages are stored, tells their
 * queue's subscribers. Push subscribers (websocket connections, of any
 * process) hear of the post through PushSubscribers; every other subscription
 * is handed to the notifier of its URI scheme, one delivery per message, in a
 * pool of `workers` (in the delivery thread when the notifier can run there). Nothing here delays the post's response, and a failed
 * delivery never fails the post.
 */
export class NotificationFanout {
  readonly deliveries: Deliveries;
  private readonly memo: FanoutMemo;
  /** Retry schedules by subscription id, computed once per memo entry (read with the queue policy they depend on). */
  private readonly schedules = new WeakMap<FanoutInputs, Map<string, readonly number[]>>();

  constructor(private readonly deps: NotificationStageDeps) {
    const maxQueued = deps.maxQueued ?? DEFAULT_MAX_QUEUED;
    const thread = deps.deliveryThread ? new DeliveryThread({ workers: deps.workers, maxQueued, niceness: DELIVERY_THREAD_NICENESS }, deps.logger) : undefined;
    this.deliveries = new Deliveries(new TaskPool(deps.workers, deps.logger, maxQueued), deps.logger, deps.setTimer, maxQueued, { thread });
    this.memo = new FanoutMemo(deps.fanoutTtlMs ?? 0);
    this.deliveries.onForgetFanout((project, queue) => this.memo.forget(project, queue));
  }

  /** The stage: `messages.post` runs the write, then starts the fan-out. */
  stage(): PipelineStage {
    return {
      messages: {
        post: async (next, project, queue, messages, clientId) => {
          const ids = await next(project, queue, messages, clientId);
          this.afterPost(project, queue, messages, ids);
          return ids;
        },
      },
    };
  }

  /** Starts both fan-outs in the background. */
  afterPost(project: string, queue: string, messages: readonly NewMessage[], ids: readonly string[]): void {
    const warn = (error: unknown) => this.deps.logger.warn({ err: error, event: 'notification_failed', queue }, 'Notification fan-out failed');
    this.deps
      .push()
      ?.announce({ project, queue, messageIds: [...ids] })
      .catch(warn);
    if (this.deps.notifiers().size > 0) this.notifySubscribers(project, queue, messages, ids).catch(warn);
  }

  private async notifySubscribers(project: string, queue: string, messages: readonly NewMessage[], ids: readonly string[]): Promise<void> {
    const inputs = await this.memo.get(project, queue, () => this.readInputs(project, queue));
    const { subscriptions, queuePolicy } = inputs;
    if (subscriptions.length === 0) return;
    const events = this.deps.data.events;
    const carried = events !== undefined && (events.carries === undefined || (await events.carries(project, queue)));
    const targets = subscriptions.flatMap((subscription) => {
      const notifier = this.notifierFor(subscription, carried);
      return notifier ? [{ subscription, notifier }] : [];
    });
    if (targets.length === 0) return;
    const shownName = topicOfStorageName(queue) ?? queue; // a topic's messages are stored under `~<topic>`
    const notifications = messages.map((message, i) => notificationOf(shownName, { id: ids[i], ttl: message.ttl, body: message.body }));
    let schedules = this.schedules.get(inputs);
    if (!schedules) this.schedules.set(inputs, (schedules = new Map()));
    for (const { subscription, notifier } of targets) {
      let schedule = schedules.get(subscription.id);
      if (!schedule) {
        schedule = retrySchedule(selectRetryPolicy(queuePolicy, subscription.options?._retry_policy as Record<string, unknown> | undefined));
        schedules.set(subscription.id, schedule);
      }
      for (const notification of notifications) this.deliveries.submit({ notifier, subscription, notification, project, schedule });
    }
  }

  /** The queue's subscriptions, and its retry policy when it has subscriptions (metadata is not read for a queue without any). */
  private async readInputs(project: string, queue: string): Promise<FanoutInputs> {
    const subscriptions = await this.deps.data.subscriptions.listAll(project, queue);
    if (subscriptions.length === 0) return { subscriptions, queuePolicy: undefined };
    const queuePolicy = (await this.deps.queueRetryPolicy?.(project, queue)) as Record<string, unknown> | undefined;
    return { subscriptions, queuePolicy };
  }

  /** The notifier that delivers to `subscription`, or undefined when it is not ours to deliver. */
  private notifierFor(subscription: Subscription, carried: boolean): Notifier | undefined {
    if (this.deps.requireConfirmation && !subscription.confirmed) return undefined;
    const uri = subscription.subscriber;
    // Push subscribers of this process hear through PushSubscribers; those of others too, when the store carries the queue's events.
    if (this.deps.push()?.isLocal(uri) || (isPushSubscriberUri(uri) && carried)) return undefined;
    return this.deps.notifiers().get(subscriberScheme(uri));
  }
}
