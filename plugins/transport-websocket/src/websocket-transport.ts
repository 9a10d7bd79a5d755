import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Authenticator, Authorize, Conf, Logger, PushSubscribers, ServiceCounters, TransportConf, TransportDriver } from '@zaqarjs/core';
import type { RequestApi } from '@zaqarjs/core/api';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE, Connection } from './connection';
import { Dispatcher } from './dispatcher';
import { checkHandshake, refuseUpgrade } from './handshake';
import { NotificationListener } from './notification-listener';
import { WEBSOCKET_GROUP, type WebsocketConf } from './options';

/** Envelope slack on top of the largest document a request may carry. */
const ENVELOPE_SLACK = 64 * 1024;
/** Worst-case bytes per character of a document in a frame (a JSON `\uXXXX` escape). */
const ESCAPE_FACTOR = 6;
/** How long closing connections get to answer the close frame before they are cut. */
const CLOSE_HANDSHAKE_MS = 1000;

/** What the transport is built from; `host`/`port` override the configuration (tests). */
export interface WebsocketTransportOptions {
  push: PushSubscribers;
  /** The `[DEFAULT] auth_strategy` authenticator; absent: noauth if configured so, else construction fails. */
  authenticator?: Authenticator;
  /** The policy check of each action's operation; absent: every rule allows. */
  authorize?: Authorize;
  /** Connections and answered requests are counted here (the wsgi transport's metrics read them). */
  counters?: ServiceCounters;
  host?: string;
  port?: number;
  notificationHost?: string;
  notificationPort?: number;
}

/** `max_frame_size`, or the size derived from the request-layer limits when it is 0. */
export function maxFrameSize(conf: Conf): number {
  const configured = conf.group<WebsocketConf>(WEBSOCKET_GROUP).max_frame_size;
  if (configured > 0) return configured;
  const limits = conf.group<TransportConf>('transport');
  return Math.max(limits.max_messages_post_size, limits.max_queue_metadata) * ESCAPE_FACTOR + ENVELOPE_SLACK;
}

/**
 * The websocket transport (`[drivers] transport = websocket`): the v2 API
 * over persistent connections, on the shared request layer; plus the
 * notification listener that relays webhooks to connections.
 */
export class WebsocketTransport implements TransportDriver {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<string, Connection>();
  private readonly listener: NotificationListener;
  private readonly settings: WebsocketConf;
  private sweeper?: NodeJS.Timeout;
  private address?: { host: string; port: number };
  private closing = false;

  constructor(
    api: RequestApi,
    private readonly conf: Conf,
    private readonly logger: Logger,
    private readonly options: WebsocketTransportOptions,
  ) {
    this.settings = conf.group<WebsocketConf>(WEBSOCKET_GROUP);
    const { authenticator, authorize, counters } = options;
    const dispatcher = new Dispatcher(api, conf, logger, { authenticator, authorize, counters });
    const maxPayload = maxFrameSize(conf);
    this.listener = new NotificationListener(
      (id, body) => this.connections.get(id)?.pushText(body),
      maxPayload,
      options.notificationHost ?? this.settings.notification_bind,
      options.notificationPort ?? this.settings.notification_port,
    );
    this.wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false, clientTracking: false });
    this.http = createServer((_req, res) =>
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('Upgrade Required: this is the Zaqar websocket endpoint.\n'),
    );
    this.http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(req, socket, head));
    const connectionDeps = {
      dispatcher,
      push: options.push,
      api,
      logger,
      listenerUrl: () => this.listener.baseUrl(),
      maxBufferedBytes: this.settings.max_buffered_bytes,
      maxPendingRequests: this.settings.max_pending_requests,
    };
    this.wss.on('connection', (socket: WebSocket) => this.accept(new Connection(socket, connectionDeps)));
  }

  /** Starts the websocket and notification listeners; resolves with the websocket address. */
  async listen(): Promise<{ host: string; port: number }> {
    await this.listener.listen();
    const host = this.options.host ?? this.settings.bind;
    const port = this.options.port ?? this.settings.port;
    this.address = await new Promise<{ host: string; port: number }>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        const bound = this.http.address() as AddressInfo;
        resolve({ host: bound.address, port: bound.port });
      });
    });
    this.startSweeper();
    return this.address;
  }

  /** `ws://host:port` of the listening transport. */
  get url(): string {
    if (!this.address) throw new Error('The websocket transport is not listening');
    const host = this.address.host.includes(':') ? `[${this.address.host}]` : this.address.host;
    return `ws://${host}:${this.address.port}`;
  }

  /** Base URL of the notification listener. */
  get notificationUrl(): string {
    return this.listener.baseUrl();
  }

  /** Connections not yet closed (including those waiting for the close handshake). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections open for requests (not closing). */
  get openConnectionCount(): number {
    let open = 0;
    for (const connection of this.connections.values()) if (connection.socket.readyState === connection.socket.OPEN) open++;
    return open;
  }

  /**
   * Graceful drain: stop accepting and reading, let the requests already
   * received be answered (up to `graceMs`), close every connection with 1001,
   * delete their subscriptions, stop the listeners.
   */
  async close(graceMs = 5000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.sweeper);
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    const open = [...this.connections.values()];
    open.forEach((c) => c.stopReading());
    await withDeadline(Promise.all(open.map((c) => c.drained())), graceMs);
    open.forEach((c) => c.socket.close(CLOSE.goingAway, 'Server shutting down'));
    await withDeadline(Promise.all(open.map((c) => closedOf(c.socket))), Math.min(graceMs, CLOSE_HANDSHAKE_MS));
    open.forEach((c) => c.socket.terminate());
    await Promise.all(open.map((c) => c.cleanup()));
    this.http.closeAllConnections();
    await Promise.all([stopped, this.listener.close(), this.options.push.close()]);
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.closing) return refuseUpgrade(socket, 503, 'The server is shutting down.');
    const refusal = checkHandshake(req, this.settings.external_port);
    if (refusal) return refuseUpgrade(socket, 400, refusal);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private accept(connection: Connection): void {
    this.connections.set(connection.id, connection);
    if (this.options.counters) this.options.counters.websocketConnections++;
    // Names the process (pid) serving the connection: with several workers, tests tell them apart by it.
    this.logger.debug({ event: 'ws_connected', connection: connection.id }, 'Websocket connection opened');
    connection.socket.on('error', (error) => this.logger.debug({ err: error, connection: connection.id }, 'Websocket error'));
    connection.socket.on('close', () => {
      this.connections.delete(connection.id);
      if (this.options.counters) this.options.counters.websocketConnections--;
      void connection.cleanup();
    });
  }

  /** One timer for all connections: keepalive pings (dropping the silent) and the idle timeout. */
  private startSweeper(): void {
    const pingMs = this.settings.ping_interval * 1000;
    const idleMs = this.settings.idle_timeout * 1000;
    const periods = [pingMs, idleMs / 2].filter((ms) => ms > 0);
    if (periods.length === 0) return;
    let lastPing = Date.now();
    this.sweeper = setInterval(
      () => {
        const now = Date.now();
        const pinging = pingMs > 0 && now - lastPing >= pingMs - 50;
        if (pinging) lastPing = now;
        for (const connection of this.connections.values()) sweep(connection, now, pinging, idleMs);
      },
      Math.max(100, Math.min(...periods)),
    );
    this.sweeper.unref();
  }
}

function sweep(connection: Connection, now: number, pinging: boolean, idleMs: number): void {
  if (idleMs > 0 && now - connection.lastActivity >= idleMs && connection.inFlight === 0) {
    connection.socket.close(CLOSE.normal, 'Idle timeout');
    return;
  }
  if (!pinging) return;
  if (!connection.alive) return void connection.socket.terminate();
  connection.alive = false;
  connection.socket.ping();
}

function closedOf(socket: WebSocket): Promise<void> {
  return socket.readyState === socket.CLOSED ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
