/**
 * Python's `json.dumps` with default settings, for message checksums (the
 * `repr()` renderings of error texts live in py-repr.ts).
 *
 * Known limit: JSON.parse drops the int/float distinction, so a float literal
 * with an integral value (`1.0`) is rendered `1`, where Python writes `1.0`.
 */

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };
const INT64_LIMIT = 2 ** 63;

/** A JSON string literal with ensure_ascii: every code unit outside ' '..'~' becomes `\uxxxx` (surrogate pairs stay pairs). */
function dumpString(text: string): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += text[i];
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const exponent = Number(exponentText);
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

function dumpNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < INT64_LIMIT) return BigInt(value).toString();
  return pythonFloatRepr(value);
}

/**
 * Python's `json.dumps(value)` with default settings: `", "` and `": "`
 * separators, keys in insertion order, non-ASCII escaped as `\uxxxx`.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return dumpString(value);
    case 'number':
      return dumpNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([key, item]) => `${dumpString(key)}: ${pythonJsonDumps(item)}`)
        .join(', ')}}`;
    default:
      return 'null';
  }
}
