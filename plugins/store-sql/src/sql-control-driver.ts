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
import { SqlCatalogueController } from './management/catalogue-controller';
import { SqlFlavorsController } from './management/flavors-controller';
import { SqlPoolsController } from './management/pools-controller';
import { SqlQueueCatalog } from './management/queue-catalog';
import type { SqlStoreOptions } from './options';
import { MANAGEMENT_STORE_MIGRATIONS } from './schema/management-schema';
import { SqlStore } from './sql-store';
import { guarded } from './util/guard';

/** Management store on SQL: queues, topics, pools, catalogue, flavors. */
export class SqlControlDriver extends SqlStore implements ControlDriver {
  readonly queues: QueueController;
  readonly topics: TopicController;
  readonly pools: PoolsController;
  readonly catalogue: CatalogueController;
  readonly flavors: FlavorsController;

  constructor(options: SqlStoreOptions) {
    super(options, 'management', MANAGEMENT_STORE_MIGRATIONS);
    this.queues = guarded(new SqlQueueCatalog(this.ctx, { table: 'queues', missing: (name, project) => new QueueDoesNotExist(name, project) }));
    this.topics = guarded(new SqlQueueCatalog(this.ctx, { table: 'topics', missing: (name, project) => new TopicDoesNotExist(name, project) }));
    this.pools = guarded(new SqlPoolsController(this.ctx));
    this.catalogue = guarded(new SqlCatalogueController(this.ctx));
    this.flavors = guarded(new SqlFlavorsController(this.ctx));
  }
}
