import type { ClaimController } from '../storage/claim-controller';
import type { MessageController } from '../storage/message-controller';
import type { QueueController } from '../storage/queue-controller';
import type { SubscriptionController } from '../storage/subscription-controller';

/**
 * A stage method receives the controller method's arguments plus `next`, which
 * calls the rest of the pipeline (ending at the store). Unlike the reference's
 * "first non-None return wins", a stage can act after the write (e.g. notify
 * with the stored ids) as well as short-circuit by not calling `next`.
 */
export type StageMethods<C> = {
  [K in keyof C]?: C[K] extends (...args: infer A) => Promise<infer R> ? (next: (...args: A) => Promise<R>, ...args: A) => Promise<R> : never;
};

/** A storage pipeline stage (namespace `zaqar.storage.stages`), one optional hook set per resource. */
export interface PipelineStage {
  queues?: StageMethods<QueueController>;
  messages?: StageMethods<MessageController>;
  claims?: StageMethods<ClaimController>;
  subscriptions?: StageMethods<SubscriptionController>;
}
