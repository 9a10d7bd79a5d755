import type Redis from 'ioredis';

type Stream = Redis['stream'];

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

  /** Holds the client's writes until this turn's check phase (no-op if already held, or not connected). */
  hold(client: Redis): void {
    if (this.#held || client.status !== 'ready') return;
    const stream = client.stream;
    stream.cork();
    this.#held = stream;
    // A flush() before it leaves it nothing to do, or releases a newer hold early (harmless).
    setImmediate(this.flush);
  }

  /** Writes what is held now. Every cork() gets exactly one uncork(). */
  readonly flush = (): void => {
    const stream = this.#held;
    if (!stream) return;
    this.#held = undefined;
    stream.uncork();
  };
}
