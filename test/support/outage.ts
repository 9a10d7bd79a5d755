import { StorageUnavailable } from '@zaqarjs/core';
import type { TestStores } from './stores';

/** A switch that makes every store call fail as if the back end were down. */
export interface Outage {
  on: boolean;
}

/**
 * Wraps every method of the stores' controllers (in place) so that they throw
 * StorageUnavailable while `outage.on` is set: tests of the 503 paths.
 */
export function injectOutage(stores: TestStores): Outage {
  const outage: Outage = { on: false };
  const controllers = [stores.data.messages, stores.data.claims, stores.data.subscriptions, stores.control.queues] as unknown as Record<string, unknown>[];
  for (const controller of controllers) {
    let proto = Object.getPrototypeOf(controller) as object | null;
    const names = new Set<string>(Object.keys(controller));
    while (proto && proto !== Object.prototype) {
      for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    for (const name of names) {
      const original = controller[name];
      if (name === 'constructor' || typeof original !== 'function') continue;
      controller[name] = (...args: unknown[]) => {
        if (outage.on) return Promise.reject(new StorageUnavailable('injected outage'));
        return (original as (...a: unknown[]) => unknown).apply(controller, args);
      };
    }
  }
  return outage;
}
