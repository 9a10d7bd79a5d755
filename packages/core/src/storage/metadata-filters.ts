/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEquals(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => Object.hasOwn(right, k) && jsonEquals(left[k], right[k]));
}

/**
 * Whether `metadata[key]` equals `value` for every entry of `filters` (queue listing's metadata
 * filters). Stores match in code rather than in queries: database equality is not JSON equality
 * (MongoDB matches array elements and orders sub-document keys; SQL compares text).
 */
export function matchesFilters(metadata: Record<string, unknown>, filters: Record<string, unknown> | undefined): boolean {
  if (!filters) return true;
  return Object.entries(filters).every(([key, value]) => Object.hasOwn(metadata, key) && jsonEquals(metadata[key], value));
}
