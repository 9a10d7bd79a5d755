/**
 * Topics (http-api-v2 §11): a topic is a queue of its own namespace whose
 * messages are fanned out to its subscriptions. The request layer serves them
 * with the queue operations over a view of the stores: the management store's
 * `topics` controller stands in for `queues` (same contract), and the message
 * store keeps a topic's messages and subscriptions under `~<topic>`, a name no
 * queue can have (queue names are letters, digits, `_` and `-`). The
 * notification stage maps `~<topic>` back (`topicOfStorageName`).
 *
 * Known limit: the SQL store's queue column holds 64 characters, so on
 * PostgreSQL and MariaDB a 64-character topic name cannot hold messages (503).
 */
import { ApiError } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import { QueueDoesNotExist } from '../errors/storage-errors';
import type { ControlDriver, DataDriver } from '../storage/driver';
import type { TopicController } from '../storage/topic-controller';
import type { ApiDeps } from './context';
import { QueuesApi } from './queues-api';
import { RequestApi } from './request-api';
import { topicOfStorageName, topicStorageName } from './topic-names';

export { topicOfStorageName, topicStorageName };

/** A view of `target` with some members replaced; methods of the rest bound to it. */
function overlay<T extends object>(target: T, replaced: Record<PropertyKey, unknown>): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (Object.prototype.hasOwnProperty.call(replaced, prop)) return replaced[prop];
      const value = Reflect.get(obj, prop, obj);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

/** Calls every method of `controller` with its second argument (the queue name) mapped, and `source` of results mapped back. */
function mapQueueArgument<C extends object>(controller: C): C {
  const unmap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(unmap);
    if (value && typeof value === 'object' && typeof (value as { source?: unknown }).source === 'string') {
      const source = (value as { source: string }).source;
      return { ...value, source: topicOfStorageName(source) ?? source };
    }
    if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) {
      return { ...value, items: (value as { items: unknown[] }).items.map(unmap) };
    }
    return value;
  };
  return new Proxy(controller, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      return async (project: string, queue: string, ...rest: unknown[]) => unmap(await value.call(obj, project, topicStorageName(queue), ...rest));
    },
  });
}

/** Wraps each method of `target` so that its rejection goes through `rethrow` (which throws it, or a replacement). */
function rethrowing<T extends object>(target: T, rethrow: (error: unknown, args: unknown[]) => never): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(obj, args);
        } catch (error) {
          rethrow(error, args);
        }
      };
    },
  });
}

/** The topics controller, its "does not exist" carrying the queue code the queue operations look for (and the topic text). */
function topicsAsQueues(topics: TopicController): TopicController {
  return rethrowing(topics, (error, args) => {
    if (!isZaqarError(error, 'ZAQAR_TOPIC_DOES_NOT_EXIST')) throw error;
    const [project, name] = args as [string, string];
    throw Object.assign(new QueueDoesNotExist(name, project), { message: (error as Error).message, cause: error });
  });
}

function noTopics(): never {
  throw new ApiError(503, 'Service temporarily unavailable', 'Topics are not supported by this management store.');
}

/** The stores as topic operations see them. */
export function topicDeps(deps: ApiDeps): ApiDeps {
  const topics = deps.control.topics;
  const control = overlay<ControlDriver>(deps.control, { queues: topics ? topicsAsQueues(topics) : new Proxy({}, { get: () => noTopics }) });
  const data = overlay<DataDriver>(deps.data, {
    messages: mapQueueArgument(deps.data.messages),
    claims: mapQueueArgument(deps.data.claims),
    subscriptions: mapQueueArgument(deps.data.subscriptions),
  });
  const { deliveries } = deps;
  const topicDeliveries = deliveries && {
    stateOf: (id: string) => deliveries.stateOf(id),
    forgetFanout: (project: string, topic: string) => deliveries.forgetFanout?.(project, topicStorageName(topic)),
  };
  return { ...deps, control, data, queueMetadata: undefined, deliveries: topicDeliveries, collectionPath: '/v2/topics' };
}

/** Rewrites "Queue …" texts of errors into "Topic …" ones (§11: `Topic could not be created.`). */
function topicTexts<T extends object>(api: T): T {
  return rethrowing(api, (error) => {
    if (!isZaqarError(error, 'ZAQAR_API_ERROR') || error.description === undefined) throw error;
    const text = error.description.replace(/\bQueue\b/g, 'Topic').replace(/\bqueue\b/g, 'topic');
    throw Object.assign(new ApiError(error.status, error.title, text, error.headers), { cause: error.cause });
  });
}

const cache = new WeakMap<RequestApi, RequestApi>();

/** The request layer for `/v2/topics…`: `queues` are the topics, `messages` and `subscriptions` a topic's. */
export function topicRequestApi(api: RequestApi): RequestApi {
  let topics = cache.get(api);
  if (!topics) {
    topics = new RequestApi(topicDeps(api.deps));
    Object.defineProperty(topics, 'queues', { value: topicTexts(new QueuesApi(topics.deps)) });
    cache.set(api, topics);
  }
  return topics;
}
