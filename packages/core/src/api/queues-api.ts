import type { ApiDeps } from './context';

/** Queue resources: list, create, get, update (JSON patch), delete, stats, purge. */
export class QueuesApi {
  constructor(protected readonly deps: ApiDeps) {}
}
