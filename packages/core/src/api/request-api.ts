import type { StorageConf } from '../config/options';
import { ClaimWaiters } from './claim-waiters';
import { ClaimsApi } from './claims-api';
import type { ApiDeps } from './context';
import { MessagesApi } from './messages-api';
import { FlavorsApi, PoolsApi } from './pools-api';
import { QueueMetadataMemo } from './queue-metadata-memo';
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
  readonly pools: PoolsApi;
  readonly flavors: FlavorsApi;

  readonly deps: ApiDeps;

  constructor(deps: ApiDeps) {
    const ttlSeconds = deps.conf.group<StorageConf>('storage').queue_metadata_cache_ttl;
    this.deps = deps = {
      ...deps,
      queueMetadata: deps.queueMetadata ?? new QueueMetadataMemo(ttlSeconds * 1000),
      claimWaiters: deps.claimWaiters ?? new ClaimWaiters(deps.posts),
    };
    this.queues = new QueuesApi(deps);
    this.messages = new MessagesApi(deps);
    this.claims = new ClaimsApi(deps);
    this.subscriptions = new SubscriptionsApi(deps);
    this.share = new ShareApi(deps);
    this.system = new SystemApi(deps);
    this.pools = new PoolsApi(deps);
    this.flavors = new FlavorsApi(deps);
  }
}
