import { randomUUID } from 'node:crypto';

/**
 * JSON text <-> values with exact integers. `JSON.parse` turns an integer
 * beyond 2^53 into the nearest double (9007199254740993 comes back as
 * 9007199254740992), where the reference returns message bodies and metadata
 * verbatim. Such integers are held as `bigint`; every other number stays a
 * `number`, so code reading `ttl` or `limit` sees what it always saw.
 *
 * Both directions take the native path first and fall back only when the text
 * (or value) holds such an integer. Hand-written rather than `lossless-json`:
 * that parser refuses duplicate keys, which JSON.parse and the reference accept
 * (the last one wins), so a document's meaning would depend on its numbers.
 *
 * Known limit: a float literal with an integral value (`1.0`) is read as the
 * number 1 and written `1`.
 */

/** Marks a long integer literal turned into a string during a fallback; random per process, so no client string can forge it. */
const MARKER = `\u0000zaqar-int:${randomUUID()}:`;
const MARKED_IN_OUTPUT = new RegExp(`"${MARKER.replace('\u0000', '\\\\u0000')}(-?\\d+)"`, 'g');
/** 2^53 has 16 digits: text without a run of 16 digits holds no unsafe integer. */
const LONG_DIGIT_RUN = /\d{16}/;
const NUMBER_TOKEN = /-?\d+(\.\d+)?([eE][-+]?\d+)?/y;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as held in a document: a number when exact as a double, a bigint otherwise. */
export function exactInteger(value: bigint): number | bigint {
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);
}

/**
 * Quotes (with MARKER) every integer literal of valid JSON `text` outside
 * strings that a double cannot hold exactly; undefined when there is none.
 */
function markLongIntegers(text: string): string | undefined {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      i++;
      while (text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i++;
    } else if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      NUMBER_TOKEN.lastIndex = i;
      const token = NUMBER_TOKEN.exec(text) as RegExpExecArray;
      const end = i + token[0].length;
      if (token[1] === undefined && token[2] === undefined && typeof exactInteger(BigInt(token[0])) === 'bigint') {
        out += text.slice(copiedUpTo, i) + JSON.stringify(MARKER + token[0]);
        copiedUpTo = end;
      }
      i = end;
    } else i++;
  }
  return copiedUpTo === 0 ? undefined : out + text.slice(copiedUpTo);
}

function reviveMarked(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(MARKER) ? BigInt(value.slice(MARKER.length)) : value;
}

/** `JSON.parse` keeping integers exact (see the header); throws SyntaxError as JSON.parse does. */
export function parseExactJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!LONG_DIGIT_RUN.test(text)) return value;
  const marked = markLongIntegers(text);
  return marked === undefined ? value : JSON.parse(marked, reviveMarked);
}

function markBigInt(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? MARKER + value.toString() : value;
}

/** `JSON.stringify` writing bigints as integer literals. */
export function stringifyExactJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    return JSON.stringify(value, markBigInt).replace(MARKED_IN_OUTPUT, '$1');
  }
}
