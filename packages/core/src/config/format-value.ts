import type { OptionSpec } from './types';

/**
 * Writes a typed value back as `zaqar.conf` text (the inverse of coerceOption):
 * used for defaults in the generated sample and when `$option` refers to an
 * option that is not set. Undefined renders as the empty string.
 */
export function formatOptionValue(type: OptionSpec['type'], value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  if (type === 'dict' && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}:${quoteIfNeeded(String(item))}`)
      .join(',');
  }
  return String(value);
}

/** Dict values containing a comma must be quoted to survive splitting. */
function quoteIfNeeded(text: string): string {
  if (!text.includes(',')) return text;
  return text.includes("'") ? `"${text}"` : `'${text}'`;
}
