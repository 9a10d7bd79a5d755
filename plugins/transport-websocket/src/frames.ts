import { decode, encode } from '@msgpack/msgpack';
import { findDocumentFault, MAX_DOCUMENT_DEPTH, normalizeIntegers, parseExactJson, stringifyExactJson } from '@zaqarjs/core';
import { DOCUMENT_FAULT_TEXT } from '@zaqarjs/core/api';

/**
 * Frame encoding: text frames carry JSON, binary frames
 * MessagePack; an answer goes back in the format of its request. Integers stay
 * exact both ways (int64 beyond 2^53 as bigint, see core's exact-json.ts), and
 * a frame nested deeper than MAX_DOCUMENT_DEPTH is refused like a bad one.
 */

/** A frame's payload could not be decoded; `message` is the reference's client-visible text. */
export class FrameDecodeError extends Error {
  readonly code = 'ZAQAR_WS_FRAME_UNDECODABLE';
}

/**
 * Answers nest a request (echo) or stored data a few levels below their top,
 * and stored data is bounded by MAX_DOCUMENT_DEPTH; data nested deeper (written
 * by another service) fails to encode and is answered with an error instead.
 */
const MAX_ENCODE_DEPTH = MAX_DOCUMENT_DEPTH + 16;

function describe(error: unknown): string {
  const name = error instanceof SyntaxError ? 'JSONDecodeError' : ((error as Error)?.name ?? 'Error');
  return `${name}: ${(error as Error)?.message ?? String(error)}`;
}

/** MessagePack with int64 read as bigint; no length may exceed the frame's own size. */
function decodeMessagePack(data: Buffer): unknown {
  const limit = data.length;
  const value = decode(data, { useBigInt64: true, maxStrLength: limit, maxBinLength: limit, maxArrayLength: limit, maxMapLength: limit, maxExtLength: limit });
  return normalizeIntegers(value);
}

/** Decodes one frame; throws FrameDecodeError with `Can't decode text (JSON) request. ...` (or binary/MessagePack). */
export function decodeFrame(data: Buffer, binary: boolean): unknown {
  const kind = binary ? 'binary (MessagePack)' : 'text (JSON)';
  let value: unknown;
  try {
    value = binary ? decodeMessagePack(data) : parseExactJson(data.toString('utf8'));
  } catch (error) {
    throw new FrameDecodeError(`Can't decode ${kind} request. ${describe(error)}`);
  }
  const fault = findDocumentFault(value);
  if (fault) throw new FrameDecodeError(`Can't decode ${kind} request. ${DOCUMENT_FAULT_TEXT[fault]}`);
  return value;
}

/** A copy of `value` with the integers MessagePack would write as int64 turned into bigints (bounded by MAX_ENCODE_DEPTH). */
function int64AsBigInt(value: unknown, depth = 0): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) > 0xffffffff ? BigInt(value) : value;
  if (value === null || typeof value !== 'object' || depth > MAX_ENCODE_DEPTH || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((item) => int64AsBigInt(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, int64AsBigInt(item, depth + 1)]));
}

function encodeMessagePack(document: unknown): Uint8Array {
  try {
    return encode(document, { maxDepth: MAX_ENCODE_DEPTH });
  } catch (error) {
    // Without useBigInt64 the encoder refuses bigints; with it, it writes every
    // integer beyond 32 bits as a float. So: the common case plain, and only a
    // document holding a bigint with its wide integers made bigints too.
    if (!/BigInt/i.test((error as Error)?.message ?? '')) throw error;
    return encode(int64AsBigInt(document), { maxDepth: MAX_ENCODE_DEPTH, useBigInt64: true });
  }
}

/** Encodes one outgoing document for a text (JSON) or binary (MessagePack) frame; throws when it cannot be encoded. */
export function encodeFrame(document: unknown, binary: boolean): string | Uint8Array {
  return binary ? encodeMessagePack(document) : stringifyExactJson(document);
}
