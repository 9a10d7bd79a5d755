import type { DefaultConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import type { ApiDeps, ApiResult } from './context';
import { runStoreHealthCheck } from './health-check';
import { homeDocument, VERSIONS_DOCUMENT } from './home-document';

const HOME_HEADERS = Object.freeze({ 'content-type': 'application/json-home', 'cache-control': 'max-age=86400' });

/** Versions, home document, ping and health (http-api-v2.md §4, §5). */
export class SystemApi {
  private readonly home: ApiResult;

  constructor(protected readonly deps: ApiDeps) {
    // Built once: the document only depends on admin_mode.
    this.home = { status: 200, body: homeDocument(this.defaults.admin_mode), headers: { ...HOME_HEADERS } };
  }

  private get defaults(): Readonly<DefaultConf> {
    return this.deps.conf.group<DefaultConf>('DEFAULT');
  }

  /** `GET /`: 300 with the version list; needs no headers. */
  versions(): ApiResult {
    return { status: 300, body: VERSIONS_DOCUMENT };
  }

  /** `GET /v2/`: the JSON-home document with its own content type and a one-day cache header. */
  homeDocument(): ApiResult {
    return { ...this.home, headers: { ...HOME_HEADERS } };
  }

  /** `GET /v2/ping`: 204 when the message store answers, 503 with no body otherwise; `HEAD`: always 204. */
  async ping(method: 'GET' | 'HEAD'): Promise<ApiResult> {
    if (method === 'HEAD') return { status: 204 };
    const alive = await this.deps.data.isAlive().catch(() => false);
    return { status: alive ? 204 : 503 };
  }

  /**
   * `GET /v2/health` (admin_mode only, else 404 like an unknown route): the
   * store self-test. 503 `Health status could not be read.` when it cannot run.
   */
  async health(): Promise<ApiResult> {
    if (!this.defaults.admin_mode) throw apiErrors.routeNotFound();
    try {
      const report = await runStoreHealthCheck(this.deps.control, this.deps.data, this.deps.logger);
      return { status: 200, body: report };
    } catch (error) {
      throw Object.assign(apiErrors.unavailable('Health status could not be read.'), { cause: error });
    }
  }
}
