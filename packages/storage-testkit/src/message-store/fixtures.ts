import type { DataDriver, MessageListOptions, NewMessage, StoredMessage } from '@zaqarjs/core';
import type { FeatureGate, Harness } from '../harness';

/** Features a message store may lack; each gates the tests that need it. */
export type MessageStoreFeature =
  /** Honours the injected clock for expiry, age and delay (needed to test time passing). */
  | 'clock'
  /** Delayed messages (`NewMessage.delay`). */
  | 'delay'
  /** Dead-letter moves and claim counting. */
  | 'deadLetter'
  | 'subscriptions'
  /** Parallel claimers/posters (a store that serialises everything still passes). */
  | 'concurrency'
  | 'garbageCollection'
  /** Idempotency-Key records (`DataDriver.idempotency`). */
  | 'idempotency';

export type MessageHarness = Harness<DataDriver>;
export type MessageGate = FeatureGate<MessageStoreFeature>;

/** Client ids of two posters; canonical lowercase UUIDs. */
export const ME = '3a5d7f6e-1c2b-4d8e-9f0a-112233445566';
export const OTHER = '9b8c7d6e-5f4a-4b3c-8d2e-665544332211';

export function msg(body: unknown, options: { ttl?: number; delay?: number; checksum?: string } = {}): NewMessage {
  const message: NewMessage = { body, ttl: options.ttl ?? 3600, delay: options.delay ?? 0 };
  if (options.checksum !== undefined) message.checksum = options.checksum;
  return message;
}

/** `count` messages with bodies `${prefix}0…`. */
export function many(count: number, prefix = 'm', options: { ttl?: number; delay?: number } = {}): NewMessage[] {
  return Array.from({ length: count }, (_, i) => msg(`${prefix}${i}`, options));
}

export function listOptions(overrides: Partial<MessageListOptions> = {}): MessageListOptions {
  return { limit: 10, echo: true, clientId: ME, includeClaimed: false, includeDelayed: false, ...overrides };
}

/** Every page of a listing, following markers until an empty page. */
export async function listAll(driver: DataDriver, project: string, queue: string, overrides: Partial<MessageListOptions> = {}): Promise<StoredMessage[]> {
  const all: StoredMessage[] = [];
  let marker: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await driver.messages.list(project, queue, listOptions({ ...overrides, marker }));
    if (page.items.length === 0) return all;
    all.push(...page.items);
    marker = page.marker;
  }
  throw new Error('listing did not end');
}

export const ids = (messages: readonly { id: string }[]): string[] => messages.map((m) => m.id);

/** A claim with the usual defaults. */
export const claimOptions = (overrides: Partial<{ ttl: number; grace: number; limit: number }> = {}) => ({ ttl: 300, grace: 60, limit: 10, ...overrides });
