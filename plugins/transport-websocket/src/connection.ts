import { randomUUID } from 'node:crypto';
import { apiErrors, type Logger, MAX_DOCUMENT_DEPTH, type Notification, parseExactJson, PUSH_CONNECTION_PREFIX, type PushSubscribers } from '@zaqarjs/core';
import { type RequestApi, type RequestContext } from '@zaqarjs/core/api';
import WebSocket from 'ws';
import type { Requester } from './actions/action';
import { ClaimStream, type ClaimStreamOptions } from './claim-stream';
import type { Answer, Dispatcher } from './dispatcher';
import { encodeFrame } from './frames';

/** The error text of an answer whose data cannot be encoded (README, "Reliability"). */
const UNENCODABLE = `The answer could not be encoded: its data nests deeper than the ${MAX_DOCUMENT_DEPTH} levels a document may have.`;

/** Close codes this transport sends. */
export const CLOSE = {
  goingAway: 1001,
  policyViolation: 1008,
  normal: 1000,
  internalError: 1011,
  /** The authenticated token expired. */
  authenticationExpired: 4003,
} as const;

/** Longest delay setTimeout accepts (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What every connection shares. */
export interface ConnectionDeps {
  dispatcher: Dispatcher;
  push: PushSubscribers;
  /** The request layer, through which this connection's subscriptions are deleted when it closes. */
  api: RequestApi;
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
  private expiry?: NodeJS.Timeout;
  /** Claim streams by queue name (`claim_stream`). */
  private readonly streams = new Map<string, ClaimStream>();
  private readonly closer = new AbortController();

  constructor(
    readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => clearTimeout(this.expiry));
  }

  expireAuthentication(expiresAt: number | undefined): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
    if (expiresAt === undefined) return;
    const close = () => {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.close(CLOSE.authenticationExpired, 'Authentication expired.');
    };
    const arm = () => {
      const left = expiresAt - Date.now();
      this.expiry = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(close, Math.max(0, left));
      this.expiry.unref();
    };
    arm();
  }

  /** Aborted once the socket closed. */
  get closing(): AbortSignal {
    return this.closer.signal;
  }

  streamClaims(ctx: RequestContext, options: ClaimStreamOptions, binary: boolean): void {
    if (this.closer.signal.aborted) return; // answered after the socket closed: nobody to push to
    if (this.streams.has(options.queue)) throw apiErrors.badRequest(`This connection streams the claims of queue ${options.queue} already.`);
    const stream = new ClaimStream(this.deps.api, ctx, options, (frame) => this.pushFrame(frame, binary), this.deps.logger);
    this.streams.set(options.queue, stream);
    // After this request's answer is sent: pushes never come before the answer that started them.
    setImmediate(() => stream.start());
  }

  private pushFrame(frame: unknown, binary: boolean): void {
    this.lastActivity = Date.now();
    this.send(frame, binary);
  }

  /** A successful `message_delete` (with a claim id), `message_delete_many` (by ids) or `claim_delete` returns the credit of streamed messages. */
  private settleStreams(answer: Answer): void {
    if (this.streams.size === 0 || answer.status !== 204) return;
    const body = answer.document.request.body as Record<string, unknown>;
    const stream = typeof body.queue_name === 'string' ? this.streams.get(body.queue_name) : undefined;
    if (!stream) return;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
    if (answer.action === 'message_delete_many') {
      const ids = strings(body.message_ids);
      if (ids) stream.acknowledgeMany(ids, strings(body.claim_ids));
      return;
    }
    if (typeof body.claim_id !== 'string') return;
    if (answer.action === 'message_delete' && typeof body.message_id === 'string') stream.acknowledge(body.message_id, body.claim_id);
    else if (answer.action === 'claim_delete') stream.released(body.claim_id);
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
    // Nothing a request does may reject this chain: an unhandled rejection would end the process.
    this.tail = this.tail.then(() => this.answer(data, binary)).catch((error: unknown) => this.fail(error));
  }

  private async answer(data: Buffer, binary: boolean): Promise<void> {
    try {
      const answer = await this.deps.dispatcher.answer(data, binary, this);
      this.sendAnswer(answer);
      this.settleStreams(answer);
    } finally {
      this.pending--;
      if (this.paused && this.pending < this.deps.maxPendingRequests / 2 && !this.closed) {
        this.paused = false;
        this.socket.resume();
      }
    }
  }

  /** Sends an answer; one that cannot be encoded (stored data nested too deep) becomes a 500 error answer. */
  private sendAnswer(answer: Answer): void {
    let frame: string | Uint8Array;
    try {
      frame = encodeFrame(answer.document, answer.binary);
    } catch (error) {
      this.deps.logger.error({ err: error, connection: this.id, action: answer.action }, 'Could not encode a websocket answer');
      const { request } = answer.document;
      const fallback = { request: { action: request.action, body: {}, headers: {}, api: request.api }, body: { error: UNENCODABLE }, headers: { status: 500 } };
      frame = encodeFrame(fallback, answer.binary);
    }
    this.sendFrame(frame, answer.binary);
  }

  /** Last resort after an unexpected error: log it and close this connection only (1011). */
  private fail(error: unknown): void {
    this.deps.logger.error({ err: error, connection: this.id }, 'Unexpected error on a websocket connection; closing it');
    try {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.close(CLOSE.internalError, 'Internal server error');
    } catch {
      this.socket.terminate();
    }
  }

  /** Sends one document; closes the connection instead when the client has left too much unread. */
  send(document: unknown, binary: boolean): void {
    let frame: string | Uint8Array;
    try {
      frame = encodeFrame(document, binary);
    } catch (error) {
      this.deps.logger.error({ err: error, connection: this.id }, 'Dropped a websocket notification that cannot be encoded');
      return;
    }
    this.sendFrame(frame, binary);
  }

  private sendFrame(frame: string | Uint8Array, binary: boolean): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes) {
      this.deps.logger.warn({ connection: this.id, buffered: this.socket.bufferedAmount }, 'Closing a websocket client that does not read');
      this.socket.close(CLOSE.policyViolation, 'Too much unread data: the client does not read its messages');
      return;
    }
    this.socket.send(frame, { binary });
  }

  /** Pushes a notification in the encoding of the last websocket subscription request. */
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
      this.push(parseExactJson(json) as Notification);
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

  /** After the socket closed: releases the claims of its streams, lets answers finish, then deletes its subscriptions. Idempotent. */
  cleanup(): Promise<void> {
    this.closed ??= (async () => {
      this.closer.abort();
      // Streams stop claiming now; requests already received (acknowledging deletes among them) are
      // answered first, waits among them end with the abort, so the release comes right after.
      const streams = [...this.streams.values()];
      streams.forEach((stream) => stream.halt());
      await this.tail;
      this.streams.clear();
      // The claims streams still hold are released at once: other consumers get their messages.
      await Promise.all(streams.map((stream) => stream.close()));
      for (const own of this.subscriptions.splice(0)) {
        own.unregister();
        const ctx = { project: own.project, clientId: '', roles: [], requestId: `close-${this.id}` };
        await this.deps.api.subscriptions.delete(ctx, own.queue, own.id).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, subscription: own.id }, 'Could not delete the subscription of a closed websocket');
        });
      }
    })();
    return this.closed;
  }
}
