/**
 * A real `ws` client for the tests: requests are answered in order, so each
 * response resolves the oldest waiting request; frames without a `request`
 * echo are notifications and are queued separately.
 */
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';

export const CLIENT_ID = '3381af92-2b9e-11e3-b191-71861300734c';
export const OTHER_CLIENT_ID = 'e58668fc-26eb-11e3-8270-5b3128d43830';

/** A response envelope as received. */
export interface WsResponse {
  request: { action: unknown; body: unknown; headers: unknown; api: string };
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: { status: number };
  /** Whether it arrived in a binary frame. */
  binary: boolean;
}

type Frame = { document: any; binary: boolean }; // eslint-disable-line @typescript-eslint/no-explicit-any

export class WsClient {
  /** Notifications received and not yet taken. */
  readonly notifications: Frame[] = [];
  private readonly waiting: ((response: WsResponse) => void)[] = [];
  private readonly notificationWaiters: (() => void)[] = [];
  /** Set once the server closed the connection. */
  closed?: { code: number; reason: string };
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly socket: WebSocket,
    private readonly headers: Record<string, string>,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        resolve(this.closed);
      });
    });
  }

  /** Connects with default `Client-ID` / `X-Project-ID` headers for `request`. */
  static async connect(url: string, project: string, clientId = CLIENT_ID): Promise<WsClient> {
    const socket = new WebSocket(url);
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsClient(socket, { 'Client-ID': clientId, 'X-Project-ID': project });
  }

  /** Sends `{action, headers, body}` (default headers unless given) and resolves with its response. */
  request(action: string, body?: unknown, options: { binary?: boolean; headers?: Record<string, unknown> } = {}): Promise<WsResponse> {
    const envelope: Record<string, unknown> = { action, headers: options.headers ?? this.headers };
    if (body !== undefined) envelope.body = body;
    return this.sendEnvelope(envelope, options.binary ?? false);
  }

  /** Sends any document (or raw bytes/text) and resolves with the next response. */
  sendEnvelope(envelope: unknown, binary = false): Promise<WsResponse> {
    const response = new Promise<WsResponse>((resolve) => this.waiting.push(resolve));
    this.socket.send(binary ? encode(envelope) : JSON.stringify(envelope), { binary });
    return response;
  }

  /** Sends a raw frame (for undecodable input) and resolves with the next response. */
  sendRaw(data: string | Buffer, binary: boolean): Promise<WsResponse> {
    const response = new Promise<WsResponse>((resolve) => this.waiting.push(resolve));
    this.socket.send(data, { binary });
    return response;
  }

  /** Resolves once `count` notifications arrived (or rejects after `ms`). */
  async waitForNotifications(count: number, ms = 5000): Promise<Frame[]> {
    const deadline = Date.now() + ms;
    while (this.notifications.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} notifications, got ${this.notifications.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.notificationWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.notifications.slice(0, count);
  }

  /** Resolves when the server closes the connection. */
  whenClosed(): Promise<{ code: number; reason: string }> {
    return this.closedPromise;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closedPromise;
  }

  private receive(data: Buffer, binary: boolean): void {
    const document = binary ? decode(data) : JSON.parse(data.toString('utf8'));
    if (document && typeof document === 'object' && 'request' in document && 'headers' in document) {
      this.waiting.shift()?.({ ...(document as Omit<WsResponse, 'binary'>), binary });
      return;
    }
    this.notifications.push({ document, binary });
    this.notificationWaiters.splice(0).forEach((wake) => wake());
  }
}
