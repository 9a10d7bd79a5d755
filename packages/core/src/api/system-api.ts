import type { DefaultConf } from '../config/options';
import { apiErrors } from '../errors/api-error';
import type { ApiDeps } from './context';
import { runStoreHealthCheck, type StoreHealthReport } from './health-check';
import { homeDocument, VERSIONS_DOCUMENT } from './home-document';
import { runPooledHealthCheck, type PooledHealthReport } from './pooled-health';

/**
 * Versions, home document, ping and health (operation table: versions,
 * home_document, ping, health): typed data; the
 * transports render it.
 */
export class SystemApi {
  private readonly home: { resources: Record<string, unknown> };

  constructor(protected readonly deps: ApiDeps) {
    // Built once: the document only depends on admin_mode.
    this.home = homeDocument(this.defaults.admin_mode);
  }

  private get defaults(): Readonly<DefaultConf> {
    return this.deps.conf.group<DefaultConf>('DEFAULT');
  }

  /** The version list (`GET /` over HTTP). */
  versions(): typeof VERSIONS_DOCUMENT {
    return VERSIONS_DOCUMENT;
  }

  /** The JSON-home document of this configuration (pools, flavors and health only with admin_mode). */
  homeDocument(): { resources: Record<string, unknown> } {
    return this.home;
  }

  /** Whether the message store answers. */
  async ping(): Promise<boolean> {
    return this.deps.data.isAlive().catch(() => false);
  }

  /**
   * The store self-test (admin_mode only, else 404 like an unknown route);
   * with pooling, every pool's (see runPooledHealthCheck).
   * 503 `Health status could not be read.` when it cannot run.
   */
  async health(): Promise<StoreHealthReport | PooledHealthReport> {
    if (!this.defaults.admin_mode) throw apiErrors.routeNotFound();
    try {
      if (this.defaults.pooling && this.deps.pooling) return await runPooledHealthCheck(this.deps.pooling, this.deps.logger);
      return await runStoreHealthCheck(this.deps.control, this.deps.data, this.deps.logger);
    } catch (error) {
      throw Object.assign(apiErrors.unavailable('Health status could not be read.'), { cause: error });
    }
  }
}
