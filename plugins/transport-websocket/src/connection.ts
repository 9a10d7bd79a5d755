import { randomUUID } from 'node:crypto';
import { type DataDriver, type Logger, type Notification, PUSH_CONNECTION_PREFIX, type PushSubscribers } from '@zaqarjs/core';
import WebSocket from 'ws';
import type { Requester } from './actions/action';
import type { Dispatcher } from './dispatcher';
import { encodeFrame } from './frames';

/** Close codes this transport sends. */
export const CLOSE = {
  goingAway: 1001,
  policyViolation: 1008,
  normal: 1000,
} as const;

/** What every connection shares. */
export interface ConnectionDeps {
  dispatcher: Dispatcher;
  push: PushSubscribers;
  /** The unwrapped message store (to delete this connection's subscriptions when it closes). */
  data: DataDriver;
  logger: Logger;
  /** Base URL of the notification listener, e.g. `http://host:port/` (subscriber URIs append the connection id). */
  listenerUrl: () => string;
  maxBufferedBytes: number;
  maxPendingRequests: number;
}

/** A subscription this connection receives, deleted when the connection closes. */
interface OwnSubscription {
  id: string;
  project: string;
  queue: string;
  unregister: () => void;
}

/**
 * One client connection: requests are answered strictly in arrival order
 * (one at a time, so pipelined requests keep their order) while other
 * connections proceed; reading pauses when too many requests wait; a client
 * that lets too many bytes pile up unread is closed (1008).
 */
export class Connection implements Requester {
  /** The connection id (push subscriber URIs end with it). */
  readonly id = PUSH_CONNECTION_PREFIX + randomUUID();
  /** Answered the last keepalive ping. */
  alive = true;
  private notifyInBinary = false;
  private pending = 0;
  private paused = false;
  private tail: Promise<void> = Promise.resolve();
  private readonly subscriptions: OwnSubscription[] = [];
  /** Last request from the client or notification to it (ms since the epoch), for the idle timeout. */
  lastActivity = Date.now();
  private closed?: Promise<void>;

  constructor(
    readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('pong', () => (this.alive = true));
  }

  get subscriberUri(): string {
    return this.deps.listenerUrl() + this.id;
  }

  /** Requests received and not yet answered. */
  get inFlight(): number {
    return this.pending;
  }

  /** Resolves once every request received so far is answered. */
  drained(): Promise<void> {
    return this.tail;
  }

  /** Stops reading requests (shutdown drain). */
  stopReading(): void {
    this.paused = true;
    this.socket.pause();
  }

  private receive(data: Buffer, binary: boolean): void {
    this.lastActivity = Date.now();
    this.pending++;
    if (this.pending >= this.deps.maxPendingRequests && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.tail = this.tail.then(() => this.answer(data, binary));
  }

  private async answer(data: Buffer, binary: boolean): Promise<void> {
    const answer = await this.deps.dispatcher.answer(data, binary, this);
    this.send(answer.document, answer.binary);
    this.pending--;
    if (this.paused && this.pending < this.deps.maxPendingRequests / 2 && !this.closed) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Sends one document; closes the connection instead when the client has left too much unread. */
  send(document: unknown, binary: boolean): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes) {
      this.deps.logger.warn({ connection: this.id, buffered: this.socket.bufferedAmount }, 'Closing a websocket client that does not read');
      this.socket.close(CLOSE.policyViolation, 'Too much unread data: the client does not read its messages');
      return;
    }
    this.socket.send(encodeFrame(document, binary), { binary });
  }

  /** Pushes a notification in the encoding of the last websocket subscription request (§11.3). */
  push(notification: Notification): void {
    this.lastActivity = Date.now();
    this.send(notification, this.notifyInBinary);
  }

  /** Pushes a notification that arrived as JSON text through the notification listener. */
  pushText(json: string): void {
    if (!this.notifyInBinary) {
      this.lastActivity = Date.now();
      if (this.socket.readyState === WebSocket.OPEN && this.socket.bufferedAmount <= this.deps.maxBufferedBytes) this.socket.send(json);
      return;
    }
    try {
      this.push(JSON.parse(json) as Notification);
    } catch {
      this.deps.logger.debug({ connection: this.id }, 'Dropped a relayed notification that is not JSON');
    }
  }

  async subscribe(subscription: { id: string; project: string; queue: string; ttl: number }, binary: boolean): Promise<void> {
    this.notifyInBinary = binary;
    const unregister = await this.deps.push.add({
      subscriptionId: subscription.id,
      project: subscription.project,
      queue: subscription.queue,
      subscriber: this.subscriberUri,
      expiresAt: Date.now() + subscription.ttl * 1000,
      push: (notification) => this.push(notification),
    });
    this.subscriptions.push({ ...subscription, unregister });
  }

  /** After the socket closed: lets answers finish, then deletes this connection's subscriptions. Idempotent. */
  cleanup(): Promise<void> {
    this.closed ??= (async () => {
      await this.tail;
      for (const own of this.subscriptions.splice(0)) {
        own.unregister();
        await this.deps.data.subscriptions.delete(own.project, own.queue, own.id).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, subscription: own.id }, 'Could not delete the subscription of a closed websocket');
        });
      }
    })();
    return this.closed;
  }
}
