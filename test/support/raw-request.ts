/**
 * HTTP/1.1 requests written byte for byte over a socket. fetch() decides some
 * headers itself (it sends `Content-Length: 0` for a POST, PUT or PATCH without a
 * body); tests of how a body is framed need to say exactly what goes on the wire.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** The JSON body, or undefined when there is none. */
  body: unknown;
}

const headerLines = (headers: Record<string, string>) => Object.entries(headers).map(([k, v]) => `${k}: ${v}`);

/** Writes the requests (each: request line, Host, `lines`, blank line, body) in one write on a new connection; resolves with every byte sent back until the server closes. */
function exchange(baseUrl: string, requests: { method: string; path: string; lines: string[]; body: string }[]): Promise<Buffer> {
  const { hostname, port } = new URL(baseUrl);
  const text = requests.map(
    ({ method, path, lines, body }) => `${[`${method} ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, ...lines].join('\r\n')}\r\n\r\n${body}`,
  );
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text.join('')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export async function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawResponse> {
  const text = (await exchange(baseUrl, [{ method, path, lines: ['Connection: close', ...headerLines(headers)], body }])).toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const payload = split < 0 ? '' : text.slice(split + 4);
  return { status: Number(text.split(' ', 2)[1]), body: payload === '' ? undefined : JSON.parse(payload) };
}

/**
 * `requests` (method, path, JSON body) back to back in one write on one connection (HTTP
 * pipelining), the last asking to close it; resolves with the answers in order.
 */
export async function rawPipeline(baseUrl: string, requests: [string, string, unknown][], headers: Record<string, string>): Promise<RawResponse[]> {
  const wire = requests.map(([method, path, json], i) => {
    const body = JSON.stringify(json);
    const framing = [
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(i === requests.length - 1 ? ['Connection: close'] : []),
    ];
    return { method, path, lines: [...framing, ...headerLines(headers)], body };
  });
  let rest = (await exchange(baseUrl, wire)).toString('latin1');
  const answers: RawResponse[] = [];
  while (rest.length > 0) {
    const split = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, split);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const payload = Buffer.from(rest.slice(split + 4, split + 4 + length), 'latin1').toString('utf8');
    answers.push({ status: Number(head.split(' ', 2)[1]), body: payload === '' ? undefined : JSON.parse(payload) });
    rest = rest.slice(split + 4 + length);
  }
  return answers;
}
