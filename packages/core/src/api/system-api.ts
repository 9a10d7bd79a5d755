import type { ApiDeps } from './context';

/** Versions, home document, ping and health. */
export class SystemApi {
  constructor(protected readonly deps: ApiDeps) {}
}
