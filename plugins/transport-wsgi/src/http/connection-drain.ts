/**
 * Graceful shutdown of an HTTP server's keep-alive connections. Node's own
 * `server.close()` destroys every connection it judges idle, and a request
 * whose bytes sit unread in such a socket is then lost (and Linux answers the
 * client with a reset); busy connections keep being served new requests. Here:
 * the listener stops at once, every response from then on says
 * `Connection: close` (Node closes the connection after it), idle connections
 * are closed with a FIN once the reads already pending have been parsed, and
 * only what is left at the deadline is destroyed.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** What is known of one connection. */
interface Connection {
  /** Requests received and not yet answered (or abandoned). */
  inFlight: Set<ServerResponse>;
  /** `socket.bytesRead` when the last complete request had been read: more means a request has begun. */
  readMark: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ConnectionDrain {
  private readonly connections = new Map<Socket, Connection>();
  private draining?: Promise<void>;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { inFlight: new Set(), readMark: 0 });
      socket.once('close', () => this.connections.delete(socket));
    });
  }

  /**
   * Registers a request before it is served. False when it arrived on a
   * connection the drain already closed for writing: it cannot be answered, so
   * it is not served either (the client sees the connection closed, without an
   * answer, and may retry it elsewhere).
   */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const socket = req.socket;
    if (this.draining && socket.writableEnded) {
      req.resume();
      return false;
    }
    if (this.draining) res.setHeader('connection', 'close');
    const connection = this.connections.get(socket);
    if (!connection) return true;
    connection.inFlight.add(res);
    req.once('end', () => {
      connection.readMark = socket.bytesRead;
      if (this.draining) this.endIfIdle(socket, connection);
    });
    res.once('close', () => {
      connection.inFlight.delete(res);
      if (this.draining) this.endIfIdle(socket, connection);
    });
    return true;
  }

  /**
   * Stops accepting, lets in-flight requests finish (each answered with
   * `Connection: close`), closes idle connections; after `graceMs` destroys
   * what is left. Resolves when every connection is closed. Idempotent.
   */
  close(graceMs: number): Promise<void> {
    this.draining ??= this.drain(graceMs);
    return this.draining;
  }

  private async drain(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    const deadline = setTimeout(() => {
      for (const socket of this.connections.keys()) socket.destroy();
    }, graceMs);
    deadline.unref();
    for (const { inFlight } of this.connections.values()) {
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    }
    // Two turns of the event loop, each with a poll for I/O: requests whose bytes had
    // arrived are read and parsed (and admitted) before idle connections are closed.
    await nextTurn();
    await nextTurn();
    for (const [socket, connection] of this.connections) this.endIfIdle(socket, connection);
    await closed;
    clearTimeout(deadline);
  }

  /** FIN, not destroy: a request crossing it on the wire is then refused by `admit`, not reset. */
  private endIfIdle(socket: Socket, connection: Connection): void {
    if (connection.inFlight.size > 0 || socket.bytesRead !== connection.readMark || socket.writableEnded) return;
    socket.end();
  }
}
