import type { DefaultConf } from '@zaqarjs/core';
import { envelopeError } from '../envelope';
import type { Action } from './action';

/**
 * The base actions the reference's schema lists but never implemented:
 * served here with the HTTP semantics (home
 * document, ping, health only with admin_mode). Pools and flavors: ./pools.ts.
 */
export const systemActions: Record<string, Action> = {
  get_home_doc: {
    async handle({ api }) {
      return { status: 200, body: api.system.homeDocument() };
    },
  },
  ping_node: {
    async handle({ api }) {
      return { status: (await api.system.ping()) ? 204 : 503, body: {} };
    },
  },
  check_node_health: {
    // HTTP serves /v2/health only with admin_mode; its policy rule (health:get, admin) is checked after that, as there.
    unavailable: (conf) =>
      conf.group<DefaultConf>('DEFAULT').admin_mode ? undefined : envelopeError(404, 'check_node_health is only available with [DEFAULT] admin_mode.'),
    async handle({ api }) {
      return { status: 200, body: await api.system.health() };
    },
  },
};
