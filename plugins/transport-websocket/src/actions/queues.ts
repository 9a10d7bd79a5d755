import { type QueueListItem, type QueueStats } from '@zaqarjs/core';
import { checkQueueIdentification, guard, isoSeconds, ParsedBody, pyRepr, type RequestApi, type RequestContext } from '@zaqarjs/core/api';
import { identificationError } from '../errors';
import { type Action, num, str } from './action';

const queueName = (body: Readonly<Record<string, unknown>>) => str(body, 'queue_name') as string;
const DEFAULT_PURGE = ['messages', 'subscriptions'];

function listItem(queue: QueueListItem, detailed: boolean): Record<string, unknown> {
  return detailed ? { name: queue.name, metadata: queue.metadata ?? {} } : { name: queue.name };
}

/** The websocket stats form: oldest/newest by id (no href), `created` in ISO form. */
function statsView(stats: QueueStats): Record<string, unknown> {
  const view: Record<string, unknown> = { claimed: stats.claimed, free: stats.free, total: stats.total };
  if (stats.total === 0) return view;
  const record = (m: { id: string; age: number; created: number }) => ({ id: m.id, age: m.age, created: isoSeconds(m.created) });
  if (stats.oldest) view.oldest = record(stats.oldest);
  if (stats.newest) view.newest = record(stats.newest);
  return view;
}

/** Whether the queue exists (store failures answer as the action's 503). */
export function queueExists(api: RequestApi, ctx: RequestContext, name: string): Promise<boolean> {
  return guard(`Cannot check queue ${name}.`, () => api.queues.exists(ctx, name));
}

/** Queue actions. */
export const queueActions: Record<string, Action> = {
  queue_list: {
    summaries: () => ({ 503: 'Queues could not be listed.' }),
    async handle({ ctx, body, api }) {
      const detailed = body.detailed === true;
      const page = await api.queues.list(ctx, { marker: str(body, 'marker'), limit: num(body, 'limit'), detailed });
      return { status: 200, body: { queues: page.queues.map((q) => listItem(q, detailed)) } };
    },
  },
  queue_create: {
    summaries: (body) => ({ 503: `Queue ${queueName(body)} could not be created.` }),
    async handle({ ctx, body, api }) {
      const name = queueName(body);
      checkQueueIdentification(name, ctx.project, identificationError);
      // The reference measures metadata as the length of its Python text.
      const metadata = new ParsedBody(body.metadata, body.metadata === undefined ? 0 : pyRepr(body.metadata).length);
      const created = await api.queues.create(ctx, name, metadata);
      return { status: created.created ? 201 : 204, body: `Queue ${name} created.` };
    },
  },
  queue_get: {
    summaries: (body) => ({ 404: `Queue ${queueName(body)} does not exist.`, 503: `Cannot retrieve queue ${queueName(body)}.` }),
    async handle({ ctx, body, api }) {
      return { status: 200, body: await api.queues.get(ctx, queueName(body)) };
    },
  },
  queue_delete: {
    summaries: (body) => ({ 503: `Queue ${queueName(body)} could not be deleted.` }),
    async handle({ ctx, body, api }) {
      await api.queues.delete(ctx, queueName(body));
      return { status: 204, body: `Queue ${queueName(body)} removed.` };
    },
  },
  queue_get_stats: {
    summaries: (body) => ({ 503: `Cannot retrieve queue ${queueName(body)} stats.` }),
    async handle({ ctx, body, api }) {
      const name = queueName(body);
      const stats = await api.queues.stats(ctx, name);
      // Stores differ on stats of a missing queue; over websocket it is a 404 (observed reference behaviour).
      if (!stats || (stats.total === 0 && !(await queueExists(api, ctx, name)))) return { status: 404, body: { messages: { claimed: 0, free: 0, total: 0 } } };
      return { status: 200, body: { messages: statsView(stats) } };
    },
  },
  queue_purge: {
    async handle({ ctx, body, api }) {
      // Unknown resource types are ignored over websocket, as in the reference.
      const types = Array.isArray(body.resource_types) ? body.resource_types : DEFAULT_PURGE;
      await api.queues.purge(ctx, queueName(body), types);
      return { status: 204, body: {} };
    },
  },
};
