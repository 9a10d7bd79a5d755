import { resolve } from 'node:path';
import { container } from 'tsyringe';
import { discoverPlugins, type Pool, type RawSections } from '@zaqarjs/core';
import { pooledStores, PoolStores } from '@zaqarjs/server';
import type { TestBackend } from './types';

const REPO = resolve(__dirname, '../../..');
const MESSAGE_STORE_SECTION = 'drivers:message_store:';

/** What a pool of the test deployment is: a back end of this folder, prepared for that pool alone. */
export interface PoolSpec {
  name: string;
  backend: TestBackend;
}

/** The pool record a prepared back end's message-store section describes: its `uri`, the rest as the pool's options. */
function poolOf(name: string, sections: RawSections): Pool {
  const [section] = Object.entries(sections).filter(([group]) => group.startsWith(MESSAGE_STORE_SECTION));
  if (!section) throw new Error(`The back end of pool ${name} has no message-store section`);
  const { uri, ...options } = section[1] as Record<string, string>;
  return { name, uri, weight: 100, flavor: null, options };
}

/**
 * Pooling as the composition root wires it with `[DEFAULT] pooling` (catalogue,
 * placement, routing, pool stores built from their URI scheme by the plugin
 * catalogue): the management store and the configured message store are
 * `catalogue`'s, and each pool is an instance of its own back end (a SQLite
 * file, a PostgreSQL schema, a Redis key prefix, MongoDB databases), equal
 * weights, so a suite's queues spread over all of them.
 */
export function pooledBackend(catalogue: TestBackend, pools: readonly PoolSpec[]): TestBackend {
  return {
    optionGroups: () => catalogue.optionGroups(),
    async prepare() {
      const base = await catalogue.prepare();
      const prepared = await Promise.all(pools.map(async (spec) => ({ spec, backend: await spec.backend.prepare() })));
      // Settings a pool's store needs outside its own section (MongoDB's `[DEFAULT] unreliable` on a standalone server).
      const defaults = Object.assign({}, ...prepared.map((p) => p.backend.sections.DEFAULT ?? {}), base.sections.DEFAULT ?? {});
      return {
        sections: { ...base.sections, DEFAULT: defaults },
        async open(conf, logger) {
          const { data, control } = await base.open(conf, logger);
          const stores = new PoolStores(discoverPlugins({ appRoot: REPO }), conf, logger, container.createChildContainer(), control);
          for (const { spec, backend } of prepared) {
            const pool = poolOf(spec.name, backend.sections);
            if (!(await control.pools.exists(pool.name))) await control.pools.create(pool);
          }
          const pooled = pooledStores(control, data, stores, false, logger);
          // The composition root closes the configured message store apart from the pools; so does this.
          const closePools = pooled.data.close.bind(pooled.data);
          pooled.data.close = async () => {
            await closePools();
            await data.close();
          };
          return pooled;
        },
        // A pool never used has nothing stored (and a PostgreSQL pool no table yet to dump).
        rawDump: async () => {
          const dumps = await Promise.allSettled([base, ...prepared.map((p) => p.backend)].map((b) => b.rawDump()));
          return Buffer.concat(dumps.flatMap((d) => (d.status === 'fulfilled' ? [d.value] : [])));
        },
        cleanup: async () => {
          await Promise.allSettled(prepared.map((p) => p.backend.cleanup()));
          await base.cleanup();
        },
      };
    },
  };
}
