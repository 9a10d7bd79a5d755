/**
 * A real HTTP receiver on loopback for notifier tests, with fault injection:
 * each request gets the next planned behaviour (answer a status, hang, reset
 * the connection, answer after a delay); once the plan is spent, 204.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = number | 'hang' | 'reset' | { slow: number; status?: number };

export interface Received {
  path: string;
  /** Header name/value pairs in wire order, names as sent. */
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Behaviours for the next requests (per path when given). */
  plan(faults: Fault[], path?: string): void;
  /** Answers 500 to the first `n` attempts of each distinct (path, body), then 204. */
  failFirstAttempts(n: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const plans = new Map<string, Fault[]>();
  const attempts = new Map<string, number>();
  let failFirst = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const key = `${path}\n${body}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      if (failFirst > 0) attempts.set(key, attempt);
      received.push({ path, rawHeaders: req.rawHeaders, headers: req.headers, body });
      const fault = attempt <= failFirst ? 500 : ((plans.get(path) ?? plans.get('*'))?.shift() ?? 204);
      if (fault === 'hang') return;
      if (fault === 'reset') return void req.socket.destroy();
      if (typeof fault === 'number') return void res.writeHead(fault).end();
      setTimeout(() => res.writeHead(fault.status ?? 200).end('slow'), fault.slow);
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    plan: (faults, path = '*') => void plans.set(path, [...faults]),
    failFirstAttempts: (n) => void (failFirst = n),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
