import type { ApiDeps } from './context';

/** Subscriptions: create, list, get, update, delete, confirm. */
export class SubscriptionsApi {
  constructor(protected readonly deps: ApiDeps) {}
}
