import { ClaimsApi } from './claims-api';
import type { ApiDeps } from './context';
import { MessagesApi } from './messages-api';
import { QueuesApi } from './queues-api';
import { ShareApi } from './share-api';
import { SubscriptionsApi } from './subscriptions-api';
import { SystemApi } from './system-api';

/**
 * The request layer both transports call: every validation rule, limit and
 * error text of the API lives behind this facade, once.
 */
export class RequestApi {
  readonly queues: QueuesApi;
  readonly messages: MessagesApi;
  readonly claims: ClaimsApi;
  readonly subscriptions: SubscriptionsApi;
  readonly share: ShareApi;
  readonly system: SystemApi;

  constructor(readonly deps: ApiDeps) {
    this.queues = new QueuesApi(deps);
    this.messages = new MessagesApi(deps);
    this.claims = new ClaimsApi(deps);
    this.subscriptions = new SubscriptionsApi(deps);
    this.share = new ShareApi(deps);
    this.system = new SystemApi(deps);
  }
}
