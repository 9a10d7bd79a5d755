import { apiErrors } from '../errors/api-error';

/** Query parameters: the last occurrence wins; empty values count as absent. */
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
  return value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Every value of a parameter that occurred more than once (list parameters read them all). */
const REPEATED = Symbol('zaqar.query.repeated');

/**
 * Parses a query string: scalars keep the last occurrence (`?limit=1&limit=2` is 2),
 * while list parameters such as `ids` also accept repeated keys
 * (`?ids=a&ids=b`, as python-zaqarclient sends them).
 */
export function parseQueryString(raw: string): Query {
  const query: Record<string, string> & { [REPEATED]?: Record<string, string[]> } = {};
  if (raw === '') return query;
  for (const [key, value] of new URLSearchParams(raw)) {
    if (key in query) {
      const all = (query[REPEATED] ??= {});
      (all[key] ??= [query[key]]).push(value);
    }
    query[key] = value;
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
