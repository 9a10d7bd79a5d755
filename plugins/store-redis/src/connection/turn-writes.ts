import type Redis from 'ioredis';

type Stream = Redis['stream'];

/**
 * Messages written by the held commands at which they go out without waiting for the check
 * phase (see commandQueued). Measured with the bench's post 10 on one worker, each script sent
 * at once: interleaved pairs ahead in 8 of 10 (median about +15 %). Full runs against the
 * reference do not show it apart from the machine's spells (README, Session 12 runs).
 */
export const SEND_AT_MESSAGES = 10;

/**
 * Sends the commands a process issues to Redis during one event-loop turn in one socket write,
 * at the turn's check phase (the connection's socket is corked until then). Each request used to
 * write its own command: a system call and a wake-up of Redis per request, about a fifth of a
 * one-message post's CPU in profiles. Replies keep their order and are read in a later poll
 * phase as before; Redis only starts on them a little later (at the check phase rather than as
 * each request was read). `flush()` sends what is held at once (a claim that already waited for
 * its turn's posts, see ClaimController).
 */
export class TurnWrites {
  #held?: Stream;
  #heldMessages = 0;

  /** Holds the client's writes until this turn's check phase (no-op if already held, or not connected). */
  hold(client: Redis): void {
    if (this.#held || client.status !== 'ready') return;
    const stream = client.stream;
    stream.cork();
    this.#held = stream;
    // A flush() before it leaves it nothing to do, or releases a newer hold early (harmless).
    setImmediate(this.flush);
  }

  /**
   * Counts the messages the command just queued writes, and sends what is held once they reach
   * SEND_AT_MESSAGES: Redis starts on that work (75–90 µs for a ten-message post) while
   * the rest of the turn is read. One-message posts still share a write, ten at a time.
   */
  commandQueued(messages: number): void {
    if (!this.#held) return;
    this.#heldMessages += messages;
    if (this.#heldMessages >= SEND_AT_MESSAGES) this.flush();
  }

  /** Writes what is held now. Every cork() gets exactly one uncork(). */
  readonly flush = (): void => {
    const stream = this.#held;
    if (!stream) return;
    this.#held = undefined;
    this.#heldMessages = 0;
    stream.uncork();
  };
}
