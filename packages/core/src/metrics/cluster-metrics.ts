/**
 * How a transport that serves metrics reaches the other worker processes of a
 * cluster (`[DEFAULT] workers` > 1): each worker provides a snapshot of its
 * own metrics, and a scrape gathers every worker's. Snapshots are opaque here
 * (the serving transport owns its metrics library); core only names the seam.
 */
import { token, type Token } from '../tokens';

export interface ClusterMetrics {
  /** Installs this process's snapshot source; one per process (a later call replaces it). */
  provide(snapshot: () => Promise<unknown>): void;
  /** The snapshots of every live worker, this one included; a worker that does not answer in time is left out. */
  gather(): Promise<unknown[]>;
}

/** DI key, registered only in a cluster worker. */
export const CLUSTER_METRICS: Token<ClusterMetrics> = token<ClusterMetrics>('zaqar.cluster_metrics');
