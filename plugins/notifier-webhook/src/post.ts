/**
 * One HTTP(S) POST with a deadline covering the whole exchange (connect,
 * send, answer headers). node:http rather than fetch: the request carries
 * exactly the headers given (fetch adds Sec-Fetch-Mode, Accept-Language…),
 * and keep-alive agents are shared per process, so POSTs to one origin reuse
 * its connections. The headers go to node:http as a raw list (they are
 * written once, still validated) with `Host` last, where node:http puts it.
 */
import * as http from 'node:http';
import * as https from 'node:https';

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** What came back: the status (the answer's body is read and discarded). */
export interface PostResult {
  status: number;
}

interface Target {
  client: typeof http | typeof https;
  options: http.RequestOptions;
}

/** Request options of each URL (notifiers keep one URL object per subscriber). */
const targets = new WeakMap<URL, Target>();

function targetOf(url: URL): Target {
  let target = targets.get(url);
  if (!target) {
    const secure = url.protocol === 'https:';
    target = {
      client: secure ? https : http,
      options: {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        agent: agents[url.protocol as keyof typeof agents],
      },
    };
    targets.set(url, target);
  }
  return target;
}

/**
 * `headers` as a raw list, then `Host`. A name given twice in different case
 * (a `post_headers` "content-type") is sent once, where it first came, with
 * the last value: what node:http's setHeader made of the object.
 */
function rawHeaders(headers: Record<string, string>, host: string): string[] {
  const raw: string[] = [];
  const at = new Map<string, number>();
  for (const name in headers) {
    const key = name.toLowerCase();
    const index = at.get(key);
    if (index === undefined) {
      at.set(key, raw.length);
      raw.push(name, headers[name]);
    } else {
      raw[index] = name;
      raw[index + 1] = headers[name];
    }
  }
  if (!at.has('host')) raw.push('Host', host);
  return raw;
}

/** Rejects on connection errors and when `timeoutMs` passes without answer headers (message `timed out after … ms`). */
export function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const { client, options } = targetOf(url);
    const raw = rawHeaders(headers, url.host);
    let settled = false;
    const finish = (error: Error | undefined, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const timer = setTimeout(() => {
      finish(new Error(`timed out after ${timeoutMs} ms`));
      request.destroy();
    }, timeoutMs);
    let request: http.ClientRequest;
    try {
      request = client.request({ ...options, headers: raw as unknown as http.OutgoingHttpHeaders }, (response) => {
        response.resume();
        response.on('error', () => undefined);
        finish(undefined, { status: response.statusCode ?? 0 });
      });
    } catch (error) {
      finish(error as Error);
      return;
    }
    request.on('error', (error) => finish(error));
    request.end(body);
  });
}
