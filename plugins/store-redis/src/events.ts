import type { MessageEvents, PostedEvent } from '@zaqarjs/core';
import type Redis from 'ioredis';
import { toStorageError } from './util/guard';
import type { NoticesSentWithPosts } from './messages/notices-sent';

type Listener = (event: PostedEvent) => void;

/** A notice as published on the channel (by `publish` and by the post script, lua/post_messages.lua). */
export function noticeText(event: PostedEvent): string {
  return JSON.stringify({ project: event.project, queue: event.queue, messageIds: event.messageIds });
}

/** Parses a published notice; undefined for anything not shaped like one. */
export function parseEvent(text: string): PostedEvent | undefined {
  try {
    const value = JSON.parse(text) as Partial<PostedEvent>;
    const ok =
      typeof value?.project === 'string' &&
      typeof value.queue === 'string' &&
      Array.isArray(value.messageIds) &&
      value.messageIds.every((id) => typeof id === 'string');
    return ok ? { project: value.project!, queue: value.queue!, messageIds: value.messageIds! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Messages posted" notices over Redis pub/sub. Publishing uses the store's command
 * connection; listening needs a connection of its own (a subscribed connection can
 * run nothing else), opened with the first listener and closed with the last.
 * ioredis re-subscribes by itself after a reconnection.
 */
export class RedisMessageEvents implements MessageEvents {
  readonly #listeners = new Set<Listener>();
  #subscriber?: Promise<Redis>;

  constructor(
    private readonly publisher: () => Redis,
    private readonly newSubscriber: () => Redis,
    private readonly channel: string,
    /** Posts whose script published this notice already. */
    private readonly sentWithPosts?: NoticesSentWithPosts,
  ) {}

  async publish(event: PostedEvent): Promise<void> {
    if (event.messageIds.length > 0 && this.sentWithPosts?.take(event.messageIds[0])) return;
    try {
      await this.publisher().publish(this.channel, noticeText(event));
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async subscribe(listener: Listener): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    try {
      this.publisher(); // throws StorageUnavailable when the store is not open (or closed)
      await this.listening();
    } catch (error) {
      this.#listeners.delete(listener);
      throw toStorageError(error);
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.stop();
    };
  }

  /** Closes the listening connection, if any. */
  async stop(): Promise<void> {
    const pending = this.#subscriber;
    this.#subscriber = undefined;
    const client = await pending?.catch(() => undefined);
    client?.disconnect();
  }

  private listening(): Promise<Redis> {
    this.#subscriber ??= this.connect().catch((error: unknown) => {
      this.#subscriber = undefined;
      throw error;
    });
    return this.#subscriber;
  }

  private async connect(): Promise<Redis> {
    const client = this.newSubscriber();
    client.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const event = parseEvent(text);
      if (!event) return;
      for (const listener of [...this.#listeners]) {
        try {
          listener(event);
        } catch {
          // A failing listener must not stop the others nor the connection's reader.
        }
      }
    });
    try {
      await client.connect();
      await client.subscribe(this.channel);
      return client;
    } catch (error) {
      client.disconnect();
      throw error;
    }
  }
}
