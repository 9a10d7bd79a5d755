import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

/**
 * Handshake checks: one Host header; with
 * `external_port`, its port must be that one (clients reach the server
 * through a proxy on that port). Returns the refusal text, or undefined.
 */
export function checkHandshake(req: IncomingMessage, externalPort: number | undefined): string | undefined {
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length !== 1) return 'HTTP Host header missing or repeated';
  if (externalPort === undefined || externalPort === null) return undefined;
  const host = hosts[0];
  const match = /:(\d+)$/.exec(host);
  const port = match ? Number(match[1]) : 80;
  if (port !== externalPort) return `port ${port} in HTTP Host header "${host}" does not match server listening port ${externalPort}`;
  return undefined;
}

/** Answers a refused upgrade with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Socket, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
