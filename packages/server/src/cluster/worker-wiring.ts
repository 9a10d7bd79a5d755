/**
 * What a cluster worker's composition changes: the message store's events (the
 * store's own when it has them, which already reach every process sharing it;
 * else relayed through the primary) and the queue-metadata memo (forgetting an
 * entry here makes the other workers forget it too).
 */
import type { Conf, DataDriver, StorageConf } from '@zaqarjs/core';
import { QueueMetadataMemo } from '@zaqarjs/core/api';
import type { ClusterLink } from './worker-link';

/** The store as served by a worker: with events relayed by the primary when the store has none. */
export function clusterDataDriver(data: DataDriver, cluster: ClusterLink): DataDriver {
  if (data.events) return data;
  return new Proxy(data, {
    get: (target, prop) => {
      if (prop === 'events') return cluster.events;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A memo whose invalidations reach every worker. */
class RelayedQueueMetadataMemo extends QueueMetadataMemo {
  constructor(
    ttlMs: number,
    private readonly cluster: ClusterLink,
  ) {
    super(ttlMs);
    cluster.onQueueChanged((project, queue) => super.forget(project, queue));
  }

  override forget(project: string, queue: string): void {
    super.forget(project, queue);
    this.cluster.queueChanged(project, queue);
  }
}

/** The request layer's queue-metadata memo for a worker (`[storage] queue_metadata_cache_ttl`). */
export function clusterQueueMetadata(conf: Conf, cluster: ClusterLink): QueueMetadataMemo {
  return new RelayedQueueMetadataMemo(conf.group<StorageConf>('storage').queue_metadata_cache_ttl * 1000, cluster);
}
