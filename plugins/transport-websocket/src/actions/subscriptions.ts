import { type TransportConf } from '@zaqarjs/core';
import { checkQueueIdentification, ParsedBody } from '@zaqarjs/core/api';
import { identificationError } from '../errors';
import { type Action, num, pick, str } from './action';

const queueName = (body: Readonly<Record<string, unknown>>) => str(body, 'queue_name') as string;
const subscriptionId = (body: Readonly<Record<string, unknown>>) => str(body, 'subscription_id') as string;

/** `marker`/`limit` of a listing: not in the schema, but read when present (limit as Python's int() would). */
function listingLimit(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const limit = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(limit) ? limit : Number.NaN;
}

/** Subscription actions; without `subscriber`, the connection subscribes itself. */
export const subscriptionActions: Record<string, Action> = {
  subscription_create: {
    summaries: (body) => ({ 503: `Subscription ${queueName(body)} could not be created.` }),
    async handle({ ctx, body, api, conf, requester, binary }) {
      const queue = queueName(body);
      checkQueueIdentification(queue, ctx.project, identificationError);
      const given = str(body, 'subscriber');
      const subscriber = given || requester.subscriberUri;
      const document = new ParsedBody({ ...pick(body, ['ttl', 'options']), subscriber }, 0);
      const { id } = await api.subscriptions.create(ctx, queue, document);
      if (id === null) return { status: 409, body: `Subscription ${queue} not created.` };
      if (!given) {
        const ttl = num(body, 'ttl') ?? conf.group<TransportConf>('transport').default_subscription_ttl;
        await requester.subscribe({ id, project: ctx.project, queue, ttl }, binary);
      }
      return { status: 201, body: { subscription_id: id, message: `Subscription ${queue} created.` } };
    },
  },
  subscription_list: {
    summaries: () => ({ 503: 'Subscriptions could not be listed.' }),
    async handle({ ctx, body, api }) {
      const page = await api.subscriptions.list(ctx, queueName(body), { marker: str(body, 'marker'), limit: listingLimit(body.limit) });
      return { status: 200, body: { subscriptions: page.items } };
    },
  },
  subscription_get: {
    summaries: (body) => ({
      404: `Subscription ${subscriptionId(body)} for queue ${queueName(body)} does not exist.`,
      503: `Cannot retrieve subscription ${subscriptionId(body)}.`,
    }),
    async handle({ ctx, body, api }) {
      const found = await api.subscriptions.get(ctx, queueName(body), subscriptionId(body));
      return { status: 200, body: found };
    },
  },
  subscription_delete: {
    summaries: (body) => ({ 503: `Subscription ${subscriptionId(body)} for queue ${queueName(body)} could not be deleted.` }),
    async handle({ ctx, body, api }) {
      await api.subscriptions.delete(ctx, queueName(body), subscriptionId(body));
      return { status: 204, body: `Subscription ${subscriptionId(body)} removed.` };
    },
  },
};
