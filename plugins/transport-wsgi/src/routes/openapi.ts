import { buildOpenApi } from '../openapi';
import type { Route } from './route';

/** `GET /v2/openapi.json`: the document of `routes()` (a thunk: the table includes this route). */
export function openapiRoute(routes: () => readonly Route[], version: string): Route {
  let document: unknown;
  return {
    method: 'GET',
    path: '/v2/openapi.json',
    handle: async () => ({ status: 200, body: (document ??= buildOpenApi(routes(), version)) }),
  };
}
