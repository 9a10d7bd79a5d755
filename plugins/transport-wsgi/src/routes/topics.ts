/**
 * `/v2/topics…` (http-api-v2 §11): the queue, message and subscription routes
 * served again under `/v2/topics/:topic_name`, over the request layer's topic
 * view (`topicRequestApi`), with topic operations (`topic_*`) for the topic
 * resource itself, `/v2/topics` in hrefs and Location headers, `topics` as the
 * listing key, and topic stats as the spec gives them (total, oldest, newest).
 * Claims have no topic routes (none in the reference either).
 */
import type { Operation } from '@zaqarjs/core';
import { type ApiResult, topicRequestApi } from '@zaqarjs/core/api';
import { messagesRoutes } from './messages';
import { queuesRoutes } from './queues';
import type { Route } from './route';
import { subscriptionsRoutes } from './subscriptions';

/** Metadata keys a topic GET fills in (not every reserved queue default). */
const TOPIC_DEFAULTS = new Set(['_max_messages_post_size', '_default_message_ttl', '_default_message_delay']);

const toTopicPath = (text: string) => text.replace(/^\/v2\/queues(?=\/|$|\?)/, '/v2/topics');

/** Client data (message bodies, metadata, subscription options) is never rewritten. */
const CLIENT_DATA = new Set(['body', 'metadata', 'options']);

/** Rewrites `/v2/queues…` hrefs (strings starting with it) in a result body, outside client data. */
function rewriteHrefs(value: unknown): unknown {
  if (typeof value === 'string') return toTopicPath(value);
  if (Array.isArray(value)) return value.map(rewriteHrefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, CLIENT_DATA.has(k) ? v : rewriteHrefs(v)]));
  }
  return value;
}

function topicOperation(operation: Operation | undefined): Operation | undefined {
  return operation?.startsWith('queue_') ? (operation.replace(/^queue_/, 'topic_') as Operation) : operation;
}

/** The reserved defaults a queue GET adds, minus those a topic GET does not. */
function topicMetadata(stored: Record<string, unknown>, rendered: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rendered).filter(([key]) => key in stored || TOPIC_DEFAULTS.has(key)));
}

function topicRoute(route: Route): Route {
  const path = toTopicPath(route.path).replace(':queue_name', ':topic_name');
  const operation = topicOperation(route.operation);
  return {
    ...route,
    path,
    operation,
    handle: async (r, api) => {
      const topics = topicRequestApi(api);
      const request = { ...r, params: { ...r.params, queue_name: r.params.topic_name } };
      const result: ApiResult = await route.handle(request, topics);
      const headers = result.headers && Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k, typeof v === 'string' ? toTopicPath(v) : v]));
      // A topic's metadata (GET, PATCH) is client data as a whole.
      const metadataBody = operation === 'topic_get' || operation === 'topic_update';
      let body = (metadataBody ? result.body : rewriteHrefs(result.body)) as Record<string, unknown> | undefined;
      if (operation === 'topic_list' && body) body = { topics: body.queues, links: body.links };
      if (operation === 'topic_stats' && body) body = { messages: statsOfTopic(body.messages as Record<string, unknown>) };
      if (metadataBody && body) {
        const stored = operation === 'topic_get' ? await topics.queues.get(r.ctx, r.params.topic_name) : body;
        body = topicMetadata(stored, body);
      }
      return { ...result, headers, body } as ApiResult;
    },
  };
}

/** Topic stats: `total` (+ oldest/newest) for a topic with messages; zeros with claimed/free otherwise. */
function statsOfTopic(view: Record<string, unknown>): Record<string, unknown> {
  if (!view.total) return { claimed: 0, free: 0, total: 0 };
  const { claimed: _claimed, free: _free, ...rest } = view;
  return rest;
}

const TOPIC_RESOURCE_OPERATIONS = new Set(['queue_list', 'queue_get', 'queue_create', 'queue_update', 'queue_delete', 'queue_stats', 'queue_purge']);

/** Every `/v2/topics…` route. */
export const topicsRoutes: Route[] = [
  ...queuesRoutes.filter((route) => route.operation && TOPIC_RESOURCE_OPERATIONS.has(route.operation)),
  ...messagesRoutes,
  ...subscriptionsRoutes,
].map(topicRoute);
