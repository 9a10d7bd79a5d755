/**
 * Entry module of the `zaqar.storage.stages` name `zaqar.notification.notifier`
 * (declared in core's package.json): the notification fan-out as a pipeline stage.
 */
import { topicOfStorageName } from '../api/topic-names';
import type { StorageConf } from '../config/options';
import { PUSH_SUBSCRIBERS } from '../notifier/push-subscribers';
import type { Notifier } from '../notifier/notifier';
import type { PluginContext } from '../plugins/plugin-module';
import { registerToken, resolveOptionalToken, resolveToken, TOKENS } from '../tokens';
import { NOTIFICATION_DELIVERIES } from '../notifier/deliveries';
import { NotificationFanout } from './notification-stage';
import type { PipelineStage } from './stage';

interface NotificationConf {
  max_notifier_workers: number;
  require_confirmation: boolean;
}

const NO_NOTIFIERS: ReadonlyMap<string, Notifier> = new Map();

/**
 * `resolve()` until it gives a value, then that value: the composition root registers
 * these after the stages, once, and a container lookup on every post cost more than the rest
 * of the fan-out's own work.
 */
function onceResolved<T>(resolve: () => T | undefined): () => T | undefined {
  let value: T | undefined;
  return () => (value ??= resolve());
}

/** Creates the stage; MESSAGE_STORE resolves to the unwrapped store while stages are created. */
export function create({ conf, logger, container }: PluginContext): PipelineStage {
  const notification = conf.group<NotificationConf>('notification');
  const { queue_metadata_cache_ttl: ttlSeconds } = conf.group<StorageConf>('storage');
  const control = resolveToken(container, TOKENS.MANAGEMENT_STORE);
  const notifiers = onceResolved(() => resolveOptionalToken(container, TOKENS.NOTIFIERS));
  const fanout = new NotificationFanout({
    data: resolveToken(container, TOKENS.MESSAGE_STORE),
    logger,
    queueRetryPolicy: async (project, queue) => {
      const topic = topicOfStorageName(queue);
      const metadata = topic === undefined ? await control.queues.getMetadata(project, queue) : await control.topics?.getMetadata(project, topic);
      return metadata?._retry_policy;
    },
    notifiers: () => notifiers() ?? NO_NOTIFIERS,
    push: onceResolved(() => resolveOptionalToken(container, PUSH_SUBSCRIBERS)),
    workers: notification.max_notifier_workers,
    requireConfirmation: notification.require_confirmation,
    fanoutTtlMs: ttlSeconds * 1000,
    deliveryThread: true,
  });
  registerToken(container, NOTIFICATION_DELIVERIES, fanout.deliveries);
  return fanout.stage();
}
