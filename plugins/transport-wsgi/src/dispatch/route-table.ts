import type { Conf } from '@zaqarjs/core';
import type { Route } from '../routes/route';

/** All routes sharing one path pattern, with what the common checks need to know about it. */
export interface RouteEntry {
  readonly pattern: string;
  /** Handlers by method. */
  readonly methods: ReadonlyMap<string, Route>;
  /** Value of the `Allow` header (405 and OPTIONS): the methods in declaration order, then OPTIONS. */
  readonly allow: string;
  /** `GET /` only: no Client-ID / project checks. */
  readonly isPublic: boolean;
}

/** A matched request path. */
export interface RouteMatch {
  entry: RouteEntry;
  /** Percent-decoded path parameters. */
  params: Record<string, string>;
}

interface Compiled {
  entry: RouteEntry;
  segments: readonly string[];
}

/**
 * Exact-match route lookup (no trailing-slash folding, like the reference's
 * Falcon router): static paths through a map, patterns by segment count.
 */
export class RouteTable {
  private readonly staticPaths = new Map<string, RouteEntry>();
  private readonly patterns = new Map<number, Compiled[]>();

  constructor(routes: readonly Route[], conf: Conf) {
    const grouped = new Map<string, Route[]>();
    for (const route of routes) {
      if (route.enabled && !route.enabled(conf)) continue;
      grouped.set(route.path, [...(grouped.get(route.path) ?? []), route]);
    }
    for (const [pattern, group] of grouped) this.add(pattern, group);
  }

  private add(pattern: string, routes: Route[]): void {
    const methods = new Map(routes.map((r) => [r.method as string, r]));
    const entry: RouteEntry = { pattern, methods, allow: [...methods.keys(), 'OPTIONS'].join(', '), isPublic: pattern === '/' };
    const segments = pattern.split('/');
    if (!segments.some((s) => s.startsWith(':'))) {
      this.staticPaths.set(pattern, entry);
      return;
    }
    const sameLength = this.patterns.get(segments.length) ?? [];
    sameLength.push({ entry, segments });
    this.patterns.set(segments.length, sameLength);
  }

  /** The entry for `path` (raw, still percent-encoded), or undefined (404). */
  match(path: string): RouteMatch | undefined {
    const fixed = this.staticPaths.get(path);
    if (fixed) return { entry: fixed, params: {} };
    const parts = path.split('/');
    for (const candidate of this.patterns.get(parts.length) ?? []) {
      const params = matchSegments(candidate.segments, parts);
      if (params) return { entry: candidate.entry, params };
    }
    return undefined;
  }
}

function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (!segment.startsWith(':')) {
      if (segment !== parts[i]) return undefined;
      continue;
    }
    if (parts[i] === '') return undefined;
    try {
      params[segment.slice(1)] = decodeURIComponent(parts[i]);
    } catch {
      return undefined;
    }
  }
  return params;
}
