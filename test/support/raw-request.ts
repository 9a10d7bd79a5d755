/**
 * One HTTP/1.1 request written byte for byte over a socket. fetch() decides some
 * headers itself (it sends `Content-Length: 0` for a POST, PUT or PATCH without a
 * body); tests of how a body is framed need to say exactly what goes on the wire.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** The JSON body, or undefined when there is none. */
  body: unknown;
}

export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const payload = split < 0 ? '' : text.slice(split + 4);
      resolve({ status: Number(text.split(' ', 2)[1]), body: payload === '' ? undefined : JSON.parse(payload) });
    });
  });
}
