/**
 * A TCP forwarder for fault tests: the stores connect through it, so a test can
 * make the database unreachable (stop: every connection cut, new ones refused)
 * and bring it back on the same port (start) without touching the shared server.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  #server?: Server;
  readonly #sockets = new Set<Socket>();
  #port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The listening port (fixed after the first start). */
  get port(): number {
    return this.#port;
  }

  /** Listens on 127.0.0.1 (the previous port again after a stop). */
  async start(): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.#port, '127.0.0.1', () => resolve()));
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
    return this.#port;
  }

  /** Cuts every forwarded connection and stops listening (connects are then refused). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
