import { exactInteger } from './exact-json';

/**
 * Checks on decoded client documents (HTTP bodies, websocket frames). Both
 * walk with an explicit stack: a client chooses the depth, so recursion would
 * let one request overflow the call stack.
 */

/**
 * Deepest nesting of arrays and objects a request document may have (README,
 * "Reliability"): `{"a": [1]}` nests 2 levels. Bodies and metadata are stored
 * from such documents, so stored data is bounded by it too.
 */
export const MAX_DOCUMENT_DEPTH = 100;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Why a document is refused: nested too deep, an integer beyond signed 64 bits, or a number that overflowed to ±Infinity/NaN. */
export type DocumentFault = 'too-deep' | 'integer-too-large' | 'number-too-large';

function containerChildren(value: object): unknown[] {
  return Array.isArray(value) ? value : Object.values(value);
}

/** The first reason to refuse `root`, or undefined when it is acceptable. */
export function findDocumentFault(root: unknown, maxDepth = MAX_DOCUMENT_DEPTH): DocumentFault | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return 'number-too-large';
    } else if (typeof value === 'bigint') {
      if (value > INT64_MAX || value < INT64_MIN) return 'integer-too-large';
    } else if (value !== null && typeof value === 'object') {
      if (depth + 1 > maxDepth) return 'too-deep';
      for (const child of containerChildren(value))
        if (child !== null && typeof child !== 'string' && typeof child !== 'boolean') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Turns the bigints of a decoded document (MessagePack int64, BSON Long) that
 * a double holds exactly into numbers, in place, so only unsafe integers stay
 * bigints (the same shape parseExactJson gives). Returns the document.
 */
export function normalizeIntegers<T>(root: T): T {
  if (typeof root === 'bigint') return exactInteger(root) as T;
  const stack: object[] = root !== null && typeof root === 'object' ? [root] : [];
  while (stack.length > 0) {
    const container = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const value = container[key];
      if (typeof value === 'bigint') container[key] = exactInteger(value);
      else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) stack.push(value);
    }
  }
  return root;
}
