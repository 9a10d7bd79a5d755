/** A transport serves the API to clients (`[drivers] transport`, namespace `zaqar.transport`). */
export interface TransportDriver {
  /** Starts listening; resolves with the bound address once ready. */
  listen(): Promise<{ host: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes connections. */
  close(graceMs?: number): Promise<void>;
}
