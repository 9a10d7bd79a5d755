import {
  QueueDoesNotExist,
  TopicDoesNotExist,
  type CatalogueController,
  type ControlDriver,
  type FlavorsController,
  type PoolsController,
  type QueueController,
  type TopicController,
} from '@zaqarjs/core';
import { RedisCatalogueController } from './management/catalogue-controller';
import { RedisFlavorsController } from './management/flavors-controller';
import { RedisPoolsController } from './management/pools-controller';
import { RedisQueueCatalog } from './management/queue-catalog';
import type { RedisStoreOptions } from './options';
import { RedisStore } from './redis-store';
import { guarded } from './util/guard';

/** Management store on Redis: queues, topics, pools, catalogue, flavors. */
export class RedisControlDriver extends RedisStore implements ControlDriver {
  readonly queues: QueueController;
  readonly topics: TopicController;
  readonly pools: PoolsController;
  readonly catalogue: CatalogueController;
  readonly flavors: FlavorsController;

  constructor(options: RedisStoreOptions) {
    super(options);
    this.queues = guarded(new RedisQueueCatalog(this.ctx, { kind: 'queues', missing: (name, project) => new QueueDoesNotExist(name, project) }));
    this.topics = guarded(new RedisQueueCatalog(this.ctx, { kind: 'topics', missing: (name, project) => new TopicDoesNotExist(name, project) }));
    this.pools = guarded(new RedisPoolsController(this.ctx));
    this.catalogue = guarded(new RedisCatalogueController(this.ctx));
    this.flavors = guarded(new RedisFlavorsController(this.ctx));
  }
}
