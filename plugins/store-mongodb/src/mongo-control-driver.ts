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
import { CATALOG_INDEXES, CATALOGUE_INDEXES, ensureIndexes, FLAVOR_INDEXES, POOL_INDEXES } from './connection/indexes';
import { MongoCatalogueController } from './management/catalogue-controller';
import { ControlStoreContext } from './management/control-context';
import { MongoFlavorsController } from './management/flavors-controller';
import { MongoPoolsController } from './management/pools-controller';
import { MongoQueueCatalog } from './management/queue-catalog';
import { MongoStore } from './mongo-store';
import type { MongoStoreOptions } from './options';
import { guarded } from './util/guard';

/** Management store on MongoDB: queues, topics, pools, catalogue, flavors. */
export class MongoControlDriver extends MongoStore implements ControlDriver {
  readonly queues: QueueController;
  readonly topics: TopicController;
  readonly pools: PoolsController;
  readonly catalogue: CatalogueController;
  readonly flavors: FlavorsController;
  private readonly ctx: ControlStoreContext;

  constructor(options: MongoStoreOptions) {
    super(options);
    this.ctx = new ControlStoreContext(this.connection, this.database);
    this.queues = guarded(new MongoQueueCatalog(this.ctx, { kind: 'queues', missing: (name, project) => new QueueDoesNotExist(name, project) }), this.retry);
    this.topics = guarded(new MongoQueueCatalog(this.ctx, { kind: 'topics', missing: (name, project) => new TopicDoesNotExist(name, project) }), this.retry);
    this.pools = guarded(new MongoPoolsController(this.ctx), this.retry);
    this.catalogue = guarded(new MongoCatalogueController(this.ctx), this.retry);
    this.flavors = guarded(new MongoFlavorsController(this.ctx), this.retry);
  }

  protected async prepare(): Promise<void> {
    const log = this.options.logger;
    await ensureIndexes(this.ctx.catalog('queues'), CATALOG_INDEXES, log);
    await ensureIndexes(this.ctx.catalog('topics'), CATALOG_INDEXES, log);
    await ensureIndexes(this.ctx.control('pools'), POOL_INDEXES, log);
    await ensureIndexes(this.ctx.control('flavors'), FLAVOR_INDEXES, log);
    await ensureIndexes(this.ctx.control('catalogue'), CATALOGUE_INDEXES, log);
  }
}
