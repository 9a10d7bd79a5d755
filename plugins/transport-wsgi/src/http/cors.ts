import type { IncomingHttpHeaders } from 'node:http';
import type { Conf } from '@zaqarjs/core';

/** Typed view of `[cors]`. */
interface CorsConf {
  allowed_origin?: string[];
  allow_credentials: boolean;
  expose_headers: string[];
  max_age: number;
  allow_methods: string[];
  allow_headers: string[];
}

/** Request headers a preflight may always ask for (CORS "simple headers", as oslo.middleware lists them). */
const SIMPLE_HEADERS = ['Accept', 'Accept-Language', 'Content-Type', 'Cache-Control', 'Content-Language', 'Expires', 'Last-Modified', 'Pragma'];

/**
 * oslo.middleware's CORS behaviour: no Origin or an origin not allowed leaves
 * the response alone; allowed origins get the CORS headers; a preflight
 * (OPTIONS) is always answered 2xx (the caller turns other statuses into 200).
 */
export class CorsPolicy {
  private readonly conf: CorsConf;
  private readonly origins: ReadonlySet<string>;
  private readonly permittedHeaders: ReadonlySet<string>;

  constructor(conf: Conf) {
    this.conf = conf.group<CorsConf>('cors');
    this.origins = new Set(this.conf.allowed_origin ?? []);
    this.permittedHeaders = new Set([...this.conf.allow_headers, ...SIMPLE_HEADERS].map((h) => h.toUpperCase()));
  }

  /** Whether any origin is allowed at all (else the policy does nothing). */
  get enabled(): boolean {
    return this.origins.size > 0;
  }

  private allowedOrigin(origin: string | undefined): string | undefined {
    if (origin === undefined) return undefined;
    if (this.origins.has(origin)) return origin;
    return this.origins.has('*') ? '*' : undefined;
  }

  /** Headers to add to a response, or undefined when CORS does not apply. */
  headersFor(method: string, request: IncomingHttpHeaders): Record<string, string> | undefined {
    const origin = this.allowedOrigin(request.origin);
    if (origin === undefined) return undefined;
    return method === 'OPTIONS' ? this.preflight(origin, request) : this.actual(origin);
  }

  private actual(origin: string): Record<string, string> {
    const headers: Record<string, string> = { vary: 'Origin', 'access-control-allow-origin': origin };
    if (this.conf.allow_credentials) headers['access-control-allow-credentials'] = 'true';
    if (this.conf.expose_headers.length > 0) headers['access-control-expose-headers'] = this.conf.expose_headers.join(',');
    return headers;
  }

  private preflight(origin: string, request: IncomingHttpHeaders): Record<string, string> | undefined {
    const method = request['access-control-request-method'];
    if (typeof method !== 'string' || !this.conf.allow_methods.includes(method)) return undefined;
    const raw = request['access-control-request-headers'];
    const asked =
      typeof raw === 'string'
        ? raw
            .split(',')
            .map((h) => h.trim())
            .filter((h) => h.length > 0)
        : [];
    if (asked.some((h) => !this.permittedHeaders.has(h.toUpperCase()))) return undefined;
    const headers: Record<string, string> = { vary: 'Origin', 'access-control-allow-origin': origin };
    if (this.conf.allow_credentials) headers['access-control-allow-credentials'] = 'true';
    if (this.conf.max_age) headers['access-control-max-age'] = String(this.conf.max_age);
    headers['access-control-allow-methods'] = method;
    if (asked.length > 0) headers['access-control-allow-headers'] = asked.join(',');
    return headers;
  }
}
