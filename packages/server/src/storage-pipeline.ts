/**
 * Applies the `[storage] *_pipeline` stages to the stores: queue and topic
 * stages wrap the management store's controllers, message, claim and
 * subscription stages the message store's. The result is a view of the store
 * whose other members (open, close, capabilities, driver extras) are the
 * store's own, bound to it.
 */
import { wrapController, type ControlDriver, type DataDriver, type PipelineStage, type StageMethods } from '@zaqarjs/core';
import type { PipelineResource } from './plugin-selection';

/** Stage hook sets of one resource, in pipeline order. */
function hooksFor<C>(stages: readonly object[], key: string): StageMethods<C>[] {
  return stages
    .map((stage) => (stage as Record<string, unknown>)[key] as StageMethods<C> | undefined)
    .filter((hooks): hooks is StageMethods<C> => hooks !== undefined && hooks !== null);
}

/** A view of `target` with some members replaced; everything else reads through (methods bound to the target). */
function overlay<T extends object>(target: T, replaced: Partial<Record<keyof T, unknown>>): T {
  if (Object.keys(replaced).length === 0) return target;
  return new Proxy(target, {
    get(store, prop) {
      if (Object.prototype.hasOwnProperty.call(replaced, prop)) return (replaced as Record<PropertyKey, unknown>)[prop];
      const value = Reflect.get(store, prop, store);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  }) as T;
}

/** The stage instances of each resource's pipeline. */
export type StagesByResource = Record<PipelineResource, readonly PipelineStage[]>;

/** The message store with message/claim/subscription stages applied. */
export function pipelineDataDriver(data: DataDriver, stages: StagesByResource): DataDriver {
  const replaced: Partial<Record<keyof DataDriver, unknown>> = {};
  const plan = [
    ['messages', 'message'],
    ['claims', 'claim'],
    ['subscriptions', 'subscription'],
  ] as const;
  for (const [member, resource] of plan) {
    const hooks = hooksFor<object>(stages[resource], member);
    if (hooks.length > 0) replaced[member] = wrapController(data[member] as object, hooks);
  }
  return overlay(data, replaced);
}

/** The management store with queue (and topic) stages applied. */
export function pipelineControlDriver(control: ControlDriver, stages: StagesByResource): ControlDriver {
  const replaced: Partial<Record<keyof ControlDriver, unknown>> = {};
  const queueHooks = hooksFor<object>(stages.queue, 'queues');
  if (queueHooks.length > 0) replaced.queues = wrapController(control.queues, queueHooks);
  // PipelineStage has no `topics` member: a topic stage may add one, else its `queues` hooks serve topics.
  const topicStages = stages.topic.map((stage) => ({ topics: (stage as { topics?: unknown }).topics ?? stage.queues }));
  const topicHooks = hooksFor<object>(topicStages, 'topics');
  if (control.topics && topicHooks.length > 0) replaced.topics = wrapController(control.topics, topicHooks);
  return overlay(control, replaced);
}
