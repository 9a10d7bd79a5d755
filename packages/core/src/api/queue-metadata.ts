import type { TransportConf } from '../config/options';
import { ApiError } from '../errors/api-error';
import type { QueueMetadata } from '../storage/types';
import { pyTruthy as pythonTruthy } from './py-repr';
import { validateRetryPolicy } from './retry-policy';

/**
 * Reserved queue metadata: defaults shown on read and the
 * validation the reference applies on create and update, in its order and
 * with its texts. Like the reference, a type check runs only on truthy values;
 * unlike it, falsy values of the wrong kind (`""`, `[]`) are rejected instead
 * of crashing later.
 */

/** Keys with server-side meaning that PATCH may replace/remove even when not stored. */
export const RESERVED_METADATA_KEYS = [
  '_max_messages_post_size',
  '_default_message_ttl',
  '_default_message_delay',
  '_dead_letter_queue',
  '_dead_letter_queue_messages_ttl',
  '_max_claim_count',
  '_enable_encrypt_messages',
] as const;

const MIN_MESSAGE_TTL = 60;
const MIN_DELAY = 0;

/** The defaults GET shows for reserved keys whose stored value is missing or falsy. */
export function reservedDefaults(conf: TransportConf): QueueMetadata {
  return {
    _max_messages_post_size: conf.max_messages_post_size,
    _default_message_ttl: conf.default_message_ttl,
    _default_message_delay: conf.default_message_delay,
    _dead_letter_queue: null,
    _dead_letter_queue_messages_ttl: null,
    _max_claim_count: null,
    _enable_encrypt_messages: false,
  };
}

/** A copy of `metadata` with reserved defaults filled in where the stored value is falsy. */
export function withReservedDefaults(metadata: QueueMetadata, conf: TransportConf): QueueMetadata {
  const out: QueueMetadata = { ...metadata };
  for (const [key, value] of Object.entries(reservedDefaults(conf))) {
    if (!pythonTruthy(out[key])) out[key] = value;
  }
  return out;
}

/** Python's `isinstance(v, int)` (bool counts) as a number, or undefined. */
function asPythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  return undefined;
}

/** Type then range check of one integer key; returns the failure text or undefined. */
function intProblem(value: unknown, typeText: string, min: number, max: number, rangeText: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const n = asPythonInt(value);
  if (n === undefined) return typeText;
  return n >= min && n <= max ? undefined : rangeText;
}

/** Validation of a `_retry_policy` object, as the text of its first problem. */
export function retryPolicyProblem(policy: unknown): string | undefined {
  let problem: Error | undefined;
  try {
    validateRetryPolicy(policy, (message) => {
      throw (problem = new Error(message));
    });
    return undefined;
  } catch (error) {
    if (problem !== undefined && error === problem) return problem.message;
    throw error;
  }
}

/** The first problem of a metadata document in the reference's check order, or undefined. */
export function queueMetadataProblem(metadata: QueueMetadata | undefined, conf: TransportConf): string | undefined {
  if (!metadata) return undefined;
  const maxTtl = conf.max_message_ttl;
  const maxPost = conf.max_messages_post_size;
  return (
    intProblem(
      metadata._default_message_ttl,
      '_default_message_ttl must be integer.',
      MIN_MESSAGE_TTL,
      maxTtl,
      `_default_message_ttl can not exceed ${maxTtl} seconds, and must be at least ${MIN_MESSAGE_TTL} seconds long.`,
    ) ??
    intProblem(
      metadata._max_messages_post_size,
      '_max_messages_post_size must be integer.',
      1,
      maxPost,
      `_max_messages_post_size can not exceed ${maxPost},  and must be at least greater than 0.`,
    ) ??
    intProblem(metadata._max_claim_count, '_max_claim_count must be integer.', -Infinity, Infinity, '') ??
    intProblem(
      metadata._dead_letter_queue_messages_ttl,
      '_dead_letter_queue_messages_ttl must be integer.',
      MIN_MESSAGE_TTL,
      maxTtl,
      `The TTL for a message may not exceed ${maxTtl} seconds, and must be at least ${MIN_MESSAGE_TTL} seconds long.`,
    ) ??
    intProblem(
      metadata._default_message_delay,
      '_default_message_delay must be integer.',
      MIN_DELAY,
      conf.max_message_delay,
      `The TTL can not exceed ${conf.max_message_delay} seconds, and must be at least ${MIN_DELAY} seconds long.`,
    ) ??
    (pythonTruthy(metadata._enable_encrypt_messages) && typeof metadata._enable_encrypt_messages !== 'boolean'
      ? '_enable_encrypt_messages must be boolean.'
      : undefined) ??
    retryPolicyProblem(metadata._retry_policy)
  );
}

/** Throws a 400 with `title` (`Invalid API request` on PUT, `Invalid request body` on PATCH) when invalid. */
export function checkQueueMetadata(metadata: QueueMetadata | undefined, conf: TransportConf, title: string): void {
  const problem = queueMetadataProblem(metadata, conf);
  if (problem !== undefined) throw new ApiError(400, title, problem);
}

/** Whether the queue is a delayed queue (truthy `_default_message_delay`). */
export function queueDelay(metadata: QueueMetadata): number {
  const delay = asPythonInt(metadata._default_message_delay) ?? 0;
  return delay > 0 ? delay : 0;
}

/** Whether bodies of this queue are encrypted at rest. */
export function isEncryptedQueue(metadata: QueueMetadata): boolean {
  return pythonTruthy(metadata._enable_encrypt_messages);
}
