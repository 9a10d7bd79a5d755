import type { ApiDeps } from './context';

/** Messages: post, list, get, get/delete by ids, delete, pop. */
export class MessagesApi {
  constructor(protected readonly deps: ApiDeps) {}
}
