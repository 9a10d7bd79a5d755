import type { Page, QueueListItem, QueueListOptions, QueueMetadata } from './types';

/**
 * Queue catalogue of the management store: queue names and metadata per project.
 * Topics use the same contract (see topic-controller.ts).
 */
export interface QueueController {
  /** Queues of `project` sorted by name (byte order), strictly after `marker`. */
  list(project: string, options: QueueListOptions): Promise<Page<QueueListItem>>;
  /** Stored metadata; `{}` when the queue does not exist. Never throws DoesNotExist. */
  get(project: string, name: string): Promise<QueueMetadata>;
  /** Stored metadata. Throws QueueDoesNotExist. */
  getMetadata(project: string, name: string): Promise<QueueMetadata>;
  /** Replaces the metadata. Throws QueueDoesNotExist. */
  setMetadata(project: string, name: string, metadata: QueueMetadata): Promise<void>;
  /** Creates the queue; true when created, false when it already existed (metadata untouched). */
  create(project: string, name: string, metadata: QueueMetadata): Promise<boolean>;
  /** Whether the queue exists. */
  exists(project: string, name: string): Promise<boolean>;
  /** Deletes the queue record; idempotent. Messages are removed by the message store. */
  delete(project: string, name: string): Promise<void>;
  /** Number of queues of `project`. */
  count(project: string): Promise<number>;
}
