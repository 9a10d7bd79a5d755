/**
 * Python `repr()` renderings used inside reference error texts
 * (`Unknown keys: {'bar'}`, `... supported in the list ['http', 'https']`).
 * Clients and tests compare those texts verbatim, so quoting follows Python.
 */

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's repr of a str: single quotes unless the text has `'` and no `"`. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr of a JSON value (str, int/float, bool, None, list, dict). */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return pyStrRepr(value);
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** Python's repr of a set built from `values` (duplicates dropped, first-seen order). */
export function pySetRepr(values: readonly unknown[]): string {
  const seen = new Map<string, true>();
  for (const value of values) seen.set(pyRepr(value), true);
  return seen.size === 0 ? 'set()' : `{${[...seen.keys()].join(', ')}}`;
}

/** Python's repr of a list of strings, e.g. `['http', 'https']`. */
export function pyListRepr(values: readonly unknown[]): string {
  return pyRepr([...values]);
}

/** Python's truthiness of a JSON value (`0`, `""`, `[]`, `{}`, `false`, `null` are false). */
export function pyTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
