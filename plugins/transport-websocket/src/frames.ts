import { decode, encode } from '@msgpack/msgpack';

/**
 * Frame encoding (websocket-api.md §3): text frames carry JSON, binary frames
 * MessagePack; an answer goes back in the format of its request.
 */

/** A frame's payload could not be decoded; `message` is the reference's client-visible text. */
export class FrameDecodeError extends Error {
  readonly code = 'ZAQAR_WS_FRAME_UNDECODABLE';
}

function describe(error: unknown): string {
  const name = error instanceof SyntaxError ? 'JSONDecodeError' : ((error as Error)?.name ?? 'Error');
  return `${name}: ${(error as Error)?.message ?? String(error)}`;
}

/** Decodes one frame; throws FrameDecodeError with `Can't decode text (JSON) request. ...` (or binary/MessagePack). */
export function decodeFrame(data: Buffer, binary: boolean): unknown {
  try {
    return binary ? decode(data) : JSON.parse(data.toString('utf8'));
  } catch (error) {
    const kind = binary ? 'binary (MessagePack)' : 'text (JSON)';
    throw new FrameDecodeError(`Can't decode ${kind} request. ${describe(error)}`);
  }
}

/** Encodes one outgoing document for a text (JSON) or binary (MessagePack) frame. */
export function encodeFrame(document: unknown, binary: boolean): string | Uint8Array {
  return binary ? encode(document) : JSON.stringify(document);
}
