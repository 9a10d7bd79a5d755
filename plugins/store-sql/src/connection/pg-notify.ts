/**
 * PostgreSQL LISTEN/NOTIFY as a NotifyChannel. NOTIFY is database-wide, so the
 * channel is named after the store's schema: stores in other schemas of the same
 * database do not hear each other. Each listen() holds one dedicated connection
 * (LISTEN is per session, pooled connections cannot keep it) and reconnects after
 * a failure.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '@zaqarjs/core';
import { sql, type Kysely } from 'kysely';
import type { Client, Notification } from 'pg';
import type { Tables } from '../schema/tables';
import type { NotifyChannel } from './backend';

/** Channel names are identifiers: at most 63 bytes. */
const MAX_CHANNEL_BYTES = 63;
const RECONNECT_DELAY_MS = 1000;

function channelName(schema: string): string {
  const name = `zaqar_posted:${schema}`;
  if (Buffer.byteLength(name) <= MAX_CHANNEL_BYTES) return name;
  return `zaqar_posted:${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/** The NotifyChannel of one PostgreSQL store: NOTIFY through the pool, LISTEN on dedicated connections. */
export class PgNotifyChannel implements NotifyChannel {
  readonly #channel: string;
  readonly #listeners = new Set<PgListener>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly newClient: () => Client,
    schema: string,
    private readonly logger?: Logger,
  ) {
    this.#channel = channelName(schema);
  }

  async notify(payload: string): Promise<void> {
    await sql`select pg_notify(${this.#channel}, ${payload})`.execute(this.db);
  }

  async listen(onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = new PgListener(this.newClient, this.#channel, onPayload, this.logger);
    await listener.start();
    this.#listeners.add(listener);
    return async () => {
      this.#listeners.delete(listener);
      await listener.stop();
    };
  }

  /** Stops every listener (the store is closing). */
  async close(): Promise<void> {
    const all = [...this.#listeners];
    this.#listeners.clear();
    await Promise.all(all.map((l) => l.stop()));
  }
}

/** One LISTEN session that comes back after its connection is lost. */
class PgListener {
  #client?: Client;
  #stopped = false;
  #retry?: NodeJS.Timeout;

  constructor(
    private readonly newClient: () => Client,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly logger?: Logger,
  ) {}

  /** Connects and listens; the first attempt's failure is the caller's (StorageUnavailable). */
  async start(): Promise<void> {
    const client = this.newClient();
    const lost = (error?: Error) => this.#lost(client, error);
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message: Notification) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onPayload(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    if (this.#stopped) await this.stop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #lost(client: Client, error?: Error): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = undefined;
    this.logger?.warn({ err: error?.message }, 'PostgreSQL LISTEN connection lost; reconnecting');
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    this.#retry = setTimeout(() => {
      if (this.#stopped) return;
      this.start().catch((error: unknown) => {
        this.logger?.warn({ err: (error as Error).message }, 'PostgreSQL LISTEN reconnect failed; retrying');
        this.#schedule();
      });
    }, RECONNECT_DELAY_MS);
    this.#retry.unref();
  }
}
