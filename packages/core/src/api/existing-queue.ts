import { isZaqarError } from '../errors/error-codes';
import type { ControlDriver } from '../storage';
import type { QueueMetadata } from '../storage/types';
import type { QueueMetadataMemo } from './queue-metadata-memo';

/**
 * Stored metadata of a queue the catalogue knows, or undefined when it has no such queue.
 * Message reads go through it so that messages stored under a name nobody created stay
 * invisible until the queue is created: that is where dead-letter moves put them when the
 * dead-letter queue does not exist (it is not created automatically). With `memo` (the
 * request layer's, `[storage] queue_metadata_cache_ttl`) what a recent post to the queue read
 * is used instead of a read; nothing read here is remembered (see QueueMetadataMemo.remembered).
 */
export async function existingQueueMetadata(
  control: ControlDriver,
  project: string,
  queue: string,
  memo?: QueueMetadataMemo,
): Promise<QueueMetadata | undefined> {
  const remembered = memo?.remembered(project, queue);
  if (remembered) return remembered;
  try {
    return await control.queues.getMetadata(project, queue);
  } catch (error) {
    if (isZaqarError(error, 'ZAQAR_QUEUE_DOES_NOT_EXIST')) return undefined;
    throw error;
  }
}
