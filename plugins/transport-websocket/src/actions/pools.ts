import type { DefaultConf } from '@zaqarjs/core';
import { ParsedBody } from '@zaqarjs/core/api';
import { envelopeError } from '../envelope';
import { type Action, num, str } from './action';

/**
 * Pool and flavor actions (websocket-api.md §8.7): the reference's schema
 * lists them and never serves them; here they run the HTTP admin endpoints'
 * request layer (http-api-v2.md §12–§13), with the same validation texts and
 * policy rules, and exist only with `[DEFAULT] admin_mode` and `pooling`.
 *
 * Bodies are the schema's: the resource's name in `pool_name`/`flavor_name`
 * (also required, and ignored, by `pool_list`/`flavor_list`), the other fields
 * as in the HTTP document. A flavor takes its pools as `pool_list` (HTTP's
 * field) or, as the schema has it, one `pool_name`.
 */

const poolName = (body: Readonly<Record<string, unknown>>) => str(body, 'pool_name') as string;
const flavorName = (body: Readonly<Record<string, unknown>>) => str(body, 'flavor_name') as string;

/** A copy of `body` without `fields`. */
function without(body: Readonly<Record<string, unknown>>, ...fields: string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!fields.includes(key)) rest[key] = value;
  return rest;
}

/** The body without the name field: the HTTP document of the request. */
function document(body: Readonly<Record<string, unknown>>, nameField: string): ParsedBody {
  return new ParsedBody(without(body, nameField), 0);
}

/** A flavor document: `pool_list` as given, else `[pool_name]` when the schema's single pool is given. */
function flavorDocument(body: Readonly<Record<string, unknown>>): ParsedBody {
  const rest = without(body, 'flavor_name', 'pool_name');
  if (!('pool_list' in rest) && typeof body.pool_name === 'string') rest.pool_list = [body.pool_name];
  return new ParsedBody(rest, 0);
}

/** Served like `/v2/pools` and `/v2/flavors`: with admin_mode and pooling only (else 404, before policy). */
const unavailable = (name: string) => (conf: Parameters<NonNullable<Action['unavailable']>>[0]) => {
  const defaults = conf.group<DefaultConf>('DEFAULT');
  return defaults.admin_mode && defaults.pooling ? undefined : envelopeError(404, `${name} is only available with [DEFAULT] admin_mode and pooling.`);
};

const handlers: Record<string, Pick<Action, 'handle' | 'summaries'>> = {
  pool_list: {
    async handle({ ctx, body, api }) {
      const page = await api.pools.list(ctx, { marker: str(body, 'marker'), limit: num(body, 'limit'), detailed: body.detailed === true });
      return { status: 200, body: { pools: page.items } };
    },
  },
  pool_get: {
    async handle({ ctx, body, api }) {
      return { status: 200, body: await api.pools.get(ctx, poolName(body), body.detailed === true) };
    },
  },
  pool_create: {
    async handle({ ctx, body, api }) {
      await api.pools.create(ctx, poolName(body), document(body, 'pool_name'));
      return { status: 201, body: `Pool ${poolName(body)} created.` };
    },
  },
  pool_update: {
    async handle({ ctx, body, api }) {
      return { status: 200, body: await api.pools.update(ctx, poolName(body), document(body, 'pool_name')) };
    },
  },
  pool_delete: {
    async handle({ ctx, body, api }) {
      await api.pools.delete(ctx, poolName(body));
      return { status: 204, body: `Pool ${poolName(body)} removed.` };
    },
  },
  flavor_list: {
    async handle({ ctx, body, api }) {
      const page = await api.flavors.list(ctx, { marker: str(body, 'marker'), limit: num(body, 'limit'), detailed: body.detailed === true });
      return { status: 200, body: { flavors: page.items } };
    },
  },
  flavor_get: {
    async handle({ ctx, body, api }) {
      return { status: 200, body: await api.flavors.get(ctx, flavorName(body)) };
    },
  },
  flavor_create: {
    async handle({ ctx, body, api }) {
      await api.flavors.create(ctx, flavorName(body), flavorDocument(body));
      return { status: 201, body: `Flavor ${flavorName(body)} created.` };
    },
  },
  flavor_update: {
    async handle({ ctx, body, api }) {
      return { status: 200, body: await api.flavors.update(ctx, flavorName(body), flavorDocument(body)) };
    },
  },
  flavor_delete: {
    async handle({ ctx, body, api }) {
      await api.flavors.delete(ctx, flavorName(body));
      return { status: 204, body: `Flavor ${flavorName(body)} removed.` };
    },
  },
};

/** The pool and flavor actions, each gated on admin_mode + pooling. */
export const poolActions: Record<string, Action> = Object.fromEntries(
  Object.entries(handlers).map(([name, action]) => [name, { ...action, unavailable: unavailable(name) }]),
);
