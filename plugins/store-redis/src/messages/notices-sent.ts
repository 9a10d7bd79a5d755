/**
 * Posts whose script published their "messages posted" notice itself (lua/post_messages.lua),
 * by first message id, until the announce that follows every post (core's PushSubscribers)
 * reaches RedisMessageEvents.publish and finds it sent: one Redis round trip per post instead
 * of two (the separate PUBLISH cost about 13 % of the server's CPU per post).
 */
export class NoticesSentWithPosts {
  readonly #firstIds = new Set<string>();

  /** Bounded (about 1 MiB at most) for posts whose announce never comes, e.g. a store used without a server; announces follow posts at once. */
  constructor(private readonly capacity = 16_384) {}

  add(firstId: string): void {
    this.#firstIds.add(firstId);
    if (this.#firstIds.size > this.capacity) this.#firstIds.delete(this.#firstIds.values().next().value as string);
  }

  /** Whether the post starting with `firstId` sent its notice (forgotten once asked). */
  take(firstId: string): boolean {
    return this.#firstIds.delete(firstId);
  }
}
