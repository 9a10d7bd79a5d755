import { apiErrors } from '../errors/api-error';

/** Query parameters: the last value wins; empty values count as absent. */
export type Query = Readonly<Record<string, string | undefined>>;

const TRUE = new Set(['true', 'True', 't', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'False', 'f', 'no', 'n', '0', 'off']);

function present(query: Query, name: string): string | undefined {
  const value = query[name];
  return value === undefined || value === '' ? undefined : value;
}

/** An integer parameter, or `fallback` when absent; 400 Invalid parameter otherwise. */
export function intParam(query: Query, name: string, fallback?: number): number | undefined {
  const value = present(query, name);
  if (value === undefined) return fallback;
  if (!/^\s*[+-]?\d+\s*$/.test(value)) throw apiErrors.invalidParam(`The "${name}" parameter is invalid. The value must be an integer.`);
  return Number(value);
}

/** A boolean parameter with oslo's accepted words. */
export function boolParam(query: Query, name: string, fallback = false): boolean {
  const value = present(query, name);
  if (value === undefined) return fallback;
  if (TRUE.has(value.trim())) return true;
  if (FALSE.has(value.trim())) return false;
  throw apiErrors.invalidParam(`The "${name}" parameter is invalid. The value of the parameter must be "true" or "false".`);
}

/** A string parameter or undefined. */
export function stringParam(query: Query, name: string): string | undefined {
  return present(query, name);
}

/** A comma-separated list parameter, or undefined when absent. */
export function listParam(query: Query, name: string): string[] | undefined {
  const repeated = (query as { [REPEATED]?: Record<string, string[]> })[REPEATED]?.[name];
  const value = repeated ? repeated.join(',') : present(query, name);
  if (value === undefined || value === '') return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Every value of a parameter that has more than one (list parameters read them all). */
const REPEATED = Symbol('zaqar.query.repeated');

/** One percent-encoded component, decoded leniently ('+' is a space; a bad escape stays as sent). */
function decodeComponent(encoded: string): string {
  return new URLSearchParams(`v=${encoded}`).get('v') ?? '';
}

/**
 * Parses a query string as the reference's falcon does (`keep_blank_qs_values = False`,
 * `auto_parse_qs_csv = True`): blank values are dropped before anything else, so
 * `?limit=1&limit=` keeps 1; a comma-separated value is several values (empty ones
 * dropped); a repeated key adds values. Scalar parameters read the last value
 * (`?limit=1&limit=2` and `?limit=1,2` are 2); list parameters such as `ids` read
 * them all (`?ids=a&ids=b`, as python-zaqarclient sends them).
 */
export function parseQueryString(raw: string): Query {
  const query: Record<string, string> & { [REPEATED]?: Record<string, string[]> } = {};
  const values = new Map<string, string[]>();
  for (const field of raw.split('&')) {
    const eq = field.indexOf('=');
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (value === '') continue;
    // Split before decoding, so an encoded comma (%2C) stays inside its value.
    const parts = value
      .split(',')
      .filter((part) => part !== '')
      .map(decodeComponent);
    if (parts.length === 0) continue;
    const key = decodeComponent(field.slice(0, eq));
    values.set(key, [...(values.get(key) ?? []), ...parts]);
  }
  for (const [key, all] of values) {
    query[key] = all[all.length - 1];
    if (all.length > 1) (query[REPEATED] ??= {})[key] = all;
  }
  return query;
}

/** Builds the `next` link: the request path with the recognised parameters and the new marker. */
export function nextLink(path: string, params: Record<string, string | number | boolean | undefined>, marker: string): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && key !== 'marker') search.set(key, String(value));
  }
  search.set('marker', marker);
  return `${path}?${search.toString()}`;
}
