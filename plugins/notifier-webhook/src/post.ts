/**
 * One HTTP(S) POST with a deadline covering the whole exchange (connect,
 * send, answer headers). node:http rather than fetch: the request carries
 * exactly the headers given (fetch adds Sec-Fetch-Mode, Accept-Language…),
 * and keep-alive agents are shared per process.
 */
import * as http from 'node:http';
import * as https from 'node:https';

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** What came back: the status (the answer's body is read and discarded). */
export interface PostResult {
  status: number;
}

/** Rejects on connection errors and when `timeoutMs` passes without answer headers (message `timed out after … ms`). */
export function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const agent = agents[url.protocol as keyof typeof agents];
    let settled = false;
    const finish = (error: Error | undefined, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const request = client.request(url, { method: 'POST', headers, agent }, (response) => {
      response.resume();
      response.on('error', () => undefined);
      finish(undefined, { status: response.statusCode ?? 0 });
    });
    const timer = setTimeout(() => {
      finish(new Error(`timed out after ${timeoutMs} ms`));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish(error));
    request.end(body);
  });
}
