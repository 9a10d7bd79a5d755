import type { ApiDeps } from './context';

/** Claims: create, get, update, delete. */
export class ClaimsApi {
  constructor(protected readonly deps: ApiDeps) {}
}
