import type { ApiDeps } from './context';

/** Pre-signed URLs: share (create) and verification of signed requests. */
export class ShareApi {
  constructor(protected readonly deps: ApiDeps) {}
}
