import type { IncomingMessage } from 'node:http';
import { ApiError } from '@zaqarjs/core';
import { BufferedBody, type RequestBody } from '@zaqarjs/core/api';

/**
 * A body larger than the route allows. It was not buffered: `length` is its
 * declared (or counted so far) size, so the request layer's size checks answer
 * with their usual texts, and `parse()` refuses it for routes without one.
 */
export class OversizedBody implements RequestBody {
  readonly present = true;
  constructor(
    readonly length: number,
    private readonly cap: number,
  ) {}

  parse(): never {
    throw new ApiError(413, '413 Request Entity Too Large', `Request body is larger than ${this.cap} bytes.`);
  }
}

/** The request ended before its body was complete; nobody is left to answer. */
export class BodyAborted extends Error {
  readonly code = 'ZAQAR_HTTP_BODY_ABORTED';
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Reads the request body, keeping at most `cap` bytes in memory. Past the cap
 * (declared or counted) it stops collecting at once and lets Node discard the
 * rest, so an oversized upload never sits in memory.
 */
export function readBody(req: IncomingMessage, cap: number): Promise<RequestBody> {
  const declared = declaredLength(req);
  // Content-Length: 0 is a body declared empty, which is not the same as no body (see BufferedBody).
  if (declared === 0) return Promise.resolve(new BufferedBody(Buffer.alloc(0)));
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(new BufferedBody(undefined));
  if (declared !== undefined && declared > cap) return Promise.resolve(new OversizedBody(declared, cap));
  return new Promise<RequestBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= cap) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      req.resume();
      resolve(new OversizedBody(received, cap));
    };
    const onEnd = () => {
      cleanup();
      // A chunked upload that sent nothing had no Content-Length: no body, as the reference sees it.
      if (received === 0 && declared === undefined) resolve(new BufferedBody(undefined));
      else resolve(new BufferedBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)));
    };
    const onError = () => {
      cleanup();
      reject(new BodyAborted('request body aborted'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}
