import type { TransportConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import type { NewMessage, QueueMetadata } from '../storage/types';
import { badDocument, checkFieldType, pyInt } from './request-body';
import type { RequestBody } from './context';
import { queueDelay } from './queue-metadata';

/**
 * Validation of a message-post request, in the
 * reference's order and with its texts. Encryption and checksums are applied
 * afterwards by the caller.
 */

const MIN_MESSAGE_TTL = 60;
const MIN_DELAY = 0;

/**
 * Step 2: the request size against min(config, queue `_max_messages_post_size`).
 * Like the reference (Python), `true` is the integer 1 and is printed `True`.
 */
export function checkPostSize(length: number, metadata: QueueMetadata, conf: TransportConf): void {
  const configMax = conf.max_messages_post_size;
  const queueMax = metadata._max_messages_post_size;
  const queueLimit = typeof queueMax === 'boolean' ? Number(queueMax) : queueMax;
  if (typeof queueLimit === 'number' && queueLimit > 0) {
    const queueText = queueMax === true ? 'True' : String(queueLimit);
    // Python's min() returns its first argument on a tie: the queue's value.
    const effective = queueLimit <= configMax ? queueText : String(configMax);
    if (length > Math.min(queueLimit, configMax)) {
      throw apiErrors.badRequest(
        `Message collection size is too large. The max size for current queue is ${effective}. ` +
          `It is calculated by max size = min(max_messages_post_size_config: ${configMax}, max_messages_post_size_queue: ${queueText}).`,
      );
    }
  }
  if (length > configMax) throw apiErrors.badRequest(`Message collection size is too large. Max size ${configMax}`);
}

/** Steps 3-5: the `messages` array of the document. */
function messagesOf(body: RequestBody): unknown[] {
  const document = body.parse();
  if (Array.isArray(document) || !Object.prototype.hasOwnProperty.call(document, 'messages')) {
    throw apiErrors.badRequest('No messages were found in the request body.');
  }
  const messages = (document as { messages: unknown }).messages;
  if (!Array.isArray(messages)) throw badDocument('Document type not supported.');
  return messages;
}

/** Step 6 for one element: known fields only, typed, with defaults. */
function sanitizeMessage(element: unknown, defaultTtl: number, delay: number): NewMessage {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) throw badDocument('Document type not supported.');
  const doc = element as Record<string, unknown>;
  checkFieldType(doc, 'ttl', 'int');
  if (!('body' in doc)) throw badDocument('Missing "body" field.');
  // Per-message delays only count on delayed queues (reference behaviour).
  if (delay > 0) checkFieldType(doc, 'delay', 'int');
  return {
    body: doc.body,
    ttl: 'ttl' in doc ? pyInt(doc.ttl) : defaultTtl,
    delay: delay > 0 ? ('delay' in doc ? pyInt(doc.delay) : delay) : 0,
  };
}

/** Steps 3-8: the messages to store, with every default resolved. */
export function parseMessagesToPost(body: RequestBody, metadata: QueueMetadata, conf: TransportConf): NewMessage[] {
  const queueTtl = metadata._default_message_ttl;
  const defaultTtl = typeof queueTtl === 'number' && queueTtl > 0 ? queueTtl : conf.default_message_ttl;
  const delay = queueDelay(metadata);
  const messages = messagesOf(body).map((element) => sanitizeMessage(element, defaultTtl, delay));
  if (messages.length === 0) throw apiErrors.badRequest('No messages to enqueu.');
  for (const message of messages) {
    if (message.ttl < MIN_MESSAGE_TTL || message.ttl > conf.max_message_ttl) {
      throw apiErrors.badRequest(`The TTL for a message may not exceed ${conf.max_message_ttl} seconds, and must be at least ${MIN_MESSAGE_TTL} seconds long.`);
    }
    if (message.delay < MIN_DELAY || message.delay > conf.max_message_delay) {
      throw apiErrors.badRequest(
        `The Delay TTL for a message may not exceed ${conf.max_message_delay} seconds,and must be at least ${MIN_DELAY} seconds long.`,
      );
    }
  }
  return messages;
}
