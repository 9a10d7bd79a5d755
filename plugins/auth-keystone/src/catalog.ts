/**
 * Zaqar's own public endpoints in the Keystone catalogue, as the reference's
 * `auth.get_public_endpoint` reads them (keystoneauth's `url_for(service_name=…)`,
 * interface `public`): the services named `zaqar` and `zaqar-websocket`.
 */
import type { PublicEndpoints } from '@zaqarjs/core';

/** The parts of a v3 token's `catalog` entries read here. */
export interface CatalogEntry {
  name?: string;
  type?: string;
  endpoints?: { interface?: string; url?: string }[];
}

const NAMES = ['zaqar', 'zaqar-websocket'] as const;

/** The first public endpoint of the first service of each name (none for a missing service or catalogue). */
export function publicEndpointsOf(catalog: readonly CatalogEntry[] | undefined): PublicEndpoints {
  const found: PublicEndpoints = {};
  if (!Array.isArray(catalog)) return found;
  const services: readonly CatalogEntry[] = catalog;
  for (const name of NAMES) {
    for (const service of services) {
      if (service?.name !== name || found[name] !== undefined) continue;
      const url = service.endpoints?.find((e) => e?.interface === 'public' && typeof e.url === 'string' && e.url !== '')?.url;
      if (url) found[name] = url;
    }
  }
  return found;
}
