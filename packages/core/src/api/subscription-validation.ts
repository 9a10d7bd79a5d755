import { apiErrors } from '../errors/api-error';
import { pyListRepr } from './py-repr';
import { validateRetryPolicy } from './retry-policy';

/**
 * Field rules of subscription create/update.
 * Deliberate departures from the reference's quirks: `ttl: 0` and other
 * falsy-but-present values are validated instead of skipped; an empty or
 * non-string subscriber gets the subscriber-type error instead of a 503.
 */

/** Hard-coded minimum lifetime of a subscription. */
export const MIN_SUBSCRIPTION_TTL = 60;
/** 9999-12-31T23:59:59Z: Python's datetime.max, the last second a subscription may live to. */
const MAX_EXPIRY_SECONDS = 253402300799;
/** Schemes something can deliver to; a configured type outside this set is refused like an unlisted one. */
const DELIVERABLE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'trust+http', 'trust+https']);
const SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

/** The fields a subscription body may carry. */
export interface SubscriptionFields {
  subscriber?: string;
  ttl?: number;
  options?: Record<string, unknown>;
}

const fail = (message: string): never => {
  throw apiErrors.badRequest(message);
};

/** The scheme as Python's `urlsplit` finds it (lower-cased; `''` when there is none). */
export function subscriberScheme(uri: string): string {
  // eslint-disable-next-line no-control-regex -- urlsplit strips leading C0 control characters and spaces, as the reference does
  const url = uri.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\r\n]/g, '');
  const colon = url.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z]/.test(url)) return '';
  const scheme = url.slice(0, colon);
  return SCHEME_CHARS.test(scheme) ? scheme.toLowerCase() : '';
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkSubscriber(subscriber: unknown, subscriberTypes: readonly string[]): string {
  const scheme = typeof subscriber === 'string' ? subscriberScheme(subscriber) : '';
  if (!subscriberTypes.includes(scheme) || !DELIVERABLE_SCHEMES.has(scheme)) {
    fail(`The subscriber type of subscription must be supported in the list ${pyListRepr(subscriberTypes)}.`);
  }
  return subscriber as string;
}

function checkTtl(ttl: unknown, nowSeconds: number): number {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl)) fail('TTL must be an integer.');
  const seconds = ttl as number;
  if (seconds < MIN_SUBSCRIPTION_TTL) fail(`The TTL for a subscription must be at least ${MIN_SUBSCRIPTION_TTL} seconds long.`);
  if (nowSeconds + seconds > MAX_EXPIRY_SECONDS) {
    fail('The TTL seconds for a subscription plus current time must be less than 9999-12-31 23:59:59.999999.');
  }
  return seconds;
}

/**
 * Validates the fields present in `doc` (null counts as absent) in the
 * reference's order: subscriber scheme, options, options._retry_policy, ttl.
 * Returns the validated fields; throws 400 Invalid API request.
 */
export function validateSubscriptionFields(doc: Record<string, unknown>, subscriberTypes: readonly string[], nowSeconds: number): SubscriptionFields {
  const fields: SubscriptionFields = {};
  if (doc.subscriber !== undefined && doc.subscriber !== null) fields.subscriber = checkSubscriber(doc.subscriber, subscriberTypes);
  if (doc.options !== undefined && doc.options !== null) {
    if (!isDict(doc.options)) fail('Options must be a dict.');
    validateRetryPolicy((doc.options as Record<string, unknown>)._retry_policy, fail);
    fields.options = doc.options as Record<string, unknown>;
  }
  if (doc.ttl !== undefined && doc.ttl !== null) fields.ttl = checkTtl(doc.ttl, nowSeconds);
  return fields;
}

/** Create: `subscriber` is required, then the common field rules. */
export function validateSubscriptionCreate(
  doc: Record<string, unknown>,
  subscriberTypes: readonly string[],
  nowSeconds: number,
): SubscriptionFields & { subscriber: string } {
  if (!('subscriber' in doc)) fail('Missing parameter subscriber in body.');
  if (doc.subscriber === null) checkSubscriber(null, subscriberTypes);
  return validateSubscriptionFields(doc, subscriberTypes, nowSeconds) as SubscriptionFields & { subscriber: string };
}

/** Update: a non-empty object; then the common field rules. */
export function validateSubscriptionPatch(doc: unknown, subscriberTypes: readonly string[], nowSeconds: number): SubscriptionFields {
  const empty = doc === undefined || doc === null || (Array.isArray(doc) && doc.length === 0) || (isDict(doc) && Object.keys(doc).length === 0);
  if (empty) fail('No subscription to create.');
  if (!isDict(doc)) fail('Subscriptions must be a dict.');
  return validateSubscriptionFields(doc as Record<string, unknown>, subscriberTypes, nowSeconds);
}

/** Whether the subscriber needs a Keystone trust (`trust+http(s)`). */
export function isTrustSubscriber(subscriber: string): boolean {
  return subscriberScheme(subscriber).startsWith('trust+');
}
