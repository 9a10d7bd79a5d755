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

/** A subscription that is notified, with its notifier and retry schedule. */
interface Target {
  subscription: Subscription;
  notifier: Notifier;
  schedule: readonly number[];
}

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
  /** Each memo entry's notified subscriptions, worked out once (see targetsOf). */
  private readonly targets = new WeakMap<FanoutInputs, { targets: Target[]; push: Target[] }>();

  constructor(private readonly deps: NotificationStageDeps) {
    const maxQueued = deps.maxQueued ?? DEFAULT_MAX_QUEUED;
    const thread = deps.deliveryThread
      ? new DeliveryThread({ workers: deps.workers, maxQueued, niceness: DELIVERY_THREAD_NICENESS, idle: true }, deps.logger)
      : undefined;
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
    if (inputs.subscriptions.length === 0) return;
    const targets = await this.targetsOf(project, queue, inputs);
    if (targets.length === 0) return;
    const shownName = topicOfStorageName(queue) ?? queue; // a topic's messages are stored under `~<topic>`
    const notifications = messages.map((message, i) => notificationOf(shownName, { id: ids[i], ttl: message.ttl, body: message.body }));
    for (const { subscription, notifier, schedule } of targets) {
      for (const notification of notifications) this.deliveries.submit({ notifier, subscription, notification, project, schedule });
    }
  }

  /**
   * Who is notified of a post. Webhook and e-mail subscribers are worked out once per memo entry
   * (scheme, notifier, confirmation, retry schedule); push subscribers on every post, as they
   * depend on this process's connections and on whether the store carries the queue's events.
   */
  private async targetsOf(project: string, queue: string, inputs: FanoutInputs): Promise<readonly Target[]> {
    let known = this.targets.get(inputs);
    if (!known) this.targets.set(inputs, (known = this.fixedTargets(inputs)));
    if (known.push.length === 0) return known.targets;
    const events = this.deps.data.events;
    const carried = events !== undefined && (events.carries === undefined || (await events.carries(project, queue)));
    const local = this.deps.push();
    const pushed = known.push.filter((target) => !carried && !local?.isLocal(target.subscription.subscriber));
    return [...known.targets, ...pushed];
  }

  private fixedTargets({ subscriptions, queuePolicy }: FanoutInputs): { targets: Target[]; push: Target[] } {
    const targets: Target[] = [];
    const push: Target[] = [];
    for (const subscription of subscriptions) {
      if (this.deps.requireConfirmation && !subscription.confirmed) continue;
      const notifier = this.deps.notifiers().get(subscriberScheme(subscription.subscriber));
      if (!notifier) continue;
      const schedule = retrySchedule(selectRetryPolicy(queuePolicy, subscription.options?._retry_policy as Record<string, unknown> | undefined));
      (isPushSubscriberUri(subscription.subscriber) ? push : targets).push({ subscription, notifier, schedule });
    }
    return { targets, push };
  }

  /** The queue's subscriptions, and its retry policy when it has subscriptions (metadata is not read for a queue without any). */
  private async readInputs(project: string, queue: string): Promise<FanoutInputs> {
    const subscriptions = await this.deps.data.subscriptions.listAll(project, queue);
    if (subscriptions.length === 0) return { subscriptions, queuePolicy: undefined };
    const queuePolicy = (await this.deps.queueRetryPolicy?.(project, queue)) as Record<string, unknown> | undefined;
    return { subscriptions, queuePolicy };
  }
}
