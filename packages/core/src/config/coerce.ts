import { ConfigError } from './errors';
import type { OptionSpec } from './types';

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+\]?$/;

/** Strips one pair of surrounding quotes, as oslo.config's List and Dict types do for items. */
function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Splits on commas outside single or double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Converts the raw text of one option to its declared type with oslo.config's
 * rules (bool words, comma lists, `k:v` dicts, bounds, choices); throws
 * ConfigError naming the section, option and value.
 */
export function coerceOption(section: string, spec: OptionSpec, raw: string): unknown {
  const where = `[${section}] ${spec.name}`;
  const fail = (why: string): never => {
    const shown = spec.secret ? '***' : JSON.stringify(raw);
    throw new ConfigError(`Invalid value ${shown} for ${where}: ${why}`);
  };
  const text = raw.trim();
  let value: unknown;
  switch (spec.type) {
    case 'string':
      // The file parser already stripped one pair of quotes, as oslo does; values are otherwise verbatim.
      value = raw;
      break;
    case 'bool': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) value = true;
      else if (FALSE.has(lower)) value = false;
      else fail('expected a boolean (true/false, yes/no, on/off, 1/0)');
      break;
    }
    case 'int':
    case 'port': {
      if (!/^[+-]?\d+$/.test(text)) fail('expected an integer');
      const n = Number(text);
      if (spec.type === 'port' && (n < 0 || n > 65535)) fail('expected a port number between 0 and 65535');
      value = n;
      break;
    }
    case 'float': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) fail('expected a number');
      value = n;
      break;
    }
    case 'host':
      if (!(IPV4.test(text) || HOSTNAME.test(text) || (text.includes(':') && IPV6.test(text)))) fail('expected an IP address or host name');
      value = text.replace(/^\[(.*)\]$/, '$1');
      break;
    case 'list':
      value = splitOutsideQuotes(text).map(unquote);
      break;
    case 'dict': {
      const dict: Record<string, string> = {};
      for (const pair of splitOutsideQuotes(text)) {
        const at = pair.indexOf(':');
        if (at < 0) fail(`expected key:value pairs, got ${JSON.stringify(pair)}`);
        dict[pair.slice(0, at).trim()] = unquote(pair.slice(at + 1));
      }
      value = dict;
      break;
    }
  }
  if (typeof value === 'number') {
    if (spec.min !== undefined && value < spec.min) fail(`must be at least ${spec.min}`);
    if (spec.max !== undefined && value > spec.max) fail(`must be at most ${spec.max}`);
  }
  if (spec.choices && !spec.choices.includes(String(value))) fail(`must be one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}`);
  return value;
}
