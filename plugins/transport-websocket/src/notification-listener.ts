import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';

/**
 * The notification listener: `POST /<connection id>`
 * with a Content-Length relays the body (a webhook notification) to that
 * connection; unknown ids are dropped and still answered 200, as in the
 * reference. Any process whose notifier POSTs webhooks can reach this
 * process's websocket subscribers through it.
 */
export class NotificationListener {
  private readonly server: Server;
  private bound?: { host: string; port: number };

  constructor(
    private readonly relay: (connectionId: string, body: string) => void,
    private readonly maxBodyBytes: number,
    private readonly bind: string | undefined,
    private readonly port: number,
  ) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const onListening = () => {
        this.server.off('error', reject);
        const { address, port } = this.server.address() as AddressInfo;
        this.bound = { host: address, port };
        resolve(this.bound);
      };
      if (this.bind) this.server.listen(this.port, this.bind, onListening);
      else this.server.listen(this.port, onListening);
    });
  }

  /** `http://<notification_bind or hostname>:<port>/`: subscriber URIs append the connection id. */
  baseUrl(): string {
    const host = this.bind ?? hostname();
    const shown = host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${this.bound?.port ?? this.port}/`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const finish = (status: number) => {
      res.writeHead(status, { connection: 'close' }).end();
      req.resume();
    };
    if (req.method !== 'POST') return finish(405);
    const length = Number(req.headers['content-length']);
    if (req.headers['content-length'] === undefined || !Number.isInteger(length)) return finish(400);
    if (length > this.maxBodyBytes) return finish(413);
    const connectionId = (req.url ?? '/').slice(1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (connectionId === '') return finish(400);
      this.relay(connectionId, Buffer.concat(chunks).toString('utf8'));
      finish(200);
    });
  }
}
