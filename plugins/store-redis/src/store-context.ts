import { StorageUnavailable } from '@zaqarjs/core';
import type Redis from 'ioredis';
import type { KeySpace } from './keys';
import { runScript, type ScriptArg, type ScriptName } from './scripts';
import { NoticesSentWithPosts } from './messages/notices-sent';
import { TurnWrites } from './connection/turn-writes';

/**
 * What controllers share: the connected client (absent before open() and after
 * close()), the key space and the clock.
 */
export class StoreContext {
  #client?: Redis;
  /** Posts that published their own notice (messages → events). */
  readonly noticesSent = new NoticesSentWithPosts();
  readonly #turnWrites = new TurnWrites();

  constructor(
    readonly keys: KeySpace,
    readonly now: () => number,
  ) {}

  get client(): Redis {
    if (!this.#client) throw new StorageUnavailable('The Redis store is not open.');
    return this.#client;
  }

  get attached(): Redis | undefined {
    return this.#client;
  }

  attach(client: Redis): void {
    this.#client = client;
  }

  detach(): Redis | undefined {
    this.#turnWrites.flush();
    const client = this.#client;
    this.#client = undefined;
    return client;
  }

  /**
   * Runs one of the store's Lua scripts (lua/*.lua), sent with the rest of this event-loop
   * turn's commands, or at once when the turn's held commands write `messages` enough (see
   * TurnWrites.commandQueued).
   */
  run<T>(name: ScriptName, args: readonly ScriptArg[], messages = 0): Promise<T> {
    const client = this.client;
    this.#turnWrites.hold(client);
    const reply = runScript<T>(client, name, args);
    this.#turnWrites.commandQueued(messages);
    return reply;
  }

  /** As run(), but sends it (and what this turn held before it) at once. */
  runNow<T>(name: ScriptName, args: readonly ScriptArg[]): Promise<T> {
    const reply = this.run<T>(name, args);
    this.#turnWrites.flush();
    return reply;
  }
}
