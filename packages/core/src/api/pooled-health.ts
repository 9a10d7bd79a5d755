import type { DataDriver } from '../storage/driver';
import type { Logger } from '../util/logger';
import { runStoreHealthCheck, type OperationStatus } from './health-check';
import type { PoolingAdmin } from './pools-api';

/** How long a pool's store may take to open and say it is alive before it counts as unreachable. */
export const POOL_ALIVE_TIMEOUT_MS = 2_000;
/** How long a reachable pool's self-test may take before it is reported as failed. */
export const POOL_SELF_TEST_TIMEOUT_MS = 10_000;

/** One pool's part of the pooled health report (the reference's per-driver `_health()`). */
export interface PoolHealth {
  storage_reachable: boolean;
  operation_status: Record<string, OperationStatus>;
}

/** `/v2/health` with pooling: `catalog_reachable` (every pool alive, as the reference) and each pool's health by name. */
export type PooledHealthReport = { catalog_reachable: boolean } & { [pool: string]: PoolHealth | boolean };

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const UNREACHABLE: PoolHealth = Object.freeze({ storage_reachable: false, operation_status: {} });

/**
 * The reference's pooled health (storage/pooling.py `_health`): every pool's
 * store self-test, run side by side. A pool whose store does not open or
 * answer within {@link POOL_ALIVE_TIMEOUT_MS} is reported unreachable with no
 * operations (instead of the reference's stall on it); a self-test step that
 * hangs past {@link POOL_SELF_TEST_TIMEOUT_MS} reports the pool as unreachable.
 * Throws when the pools cannot be listed (the transports' 503).
 */
export async function runPooledHealthCheck(pooling: PoolingAdmin, logger: Logger): Promise<PooledHealthReport> {
  const { control, pools } = await pooling.healthTargets();
  const reports = await Promise.all(
    pools.map(async ({ name, store }): Promise<[string, PoolHealth]> => {
      let opened: DataDriver;
      try {
        opened = await within(store, POOL_ALIVE_TIMEOUT_MS, `pool ${name}`);
        if (!(await within(opened.isAlive(), POOL_ALIVE_TIMEOUT_MS, `pool ${name}`))) return [name, UNREACHABLE];
      } catch (error) {
        logger.warn({ err: error, pool: name }, 'Pool unreachable in the health check');
        return [name, UNREACHABLE];
      }
      try {
        const report = await within(runStoreHealthCheck(control, opened, logger), POOL_SELF_TEST_TIMEOUT_MS, `pool ${name} self-test`);
        return [name, { storage_reachable: report.storage_reachable, operation_status: report.operation_status }];
      } catch (error) {
        logger.warn({ err: error, pool: name }, 'Pool self-test did not finish in the health check');
        return [name, UNREACHABLE];
      }
    }),
  );
  const report: PooledHealthReport = { catalog_reachable: reports.every(([, health]) => health.storage_reachable) };
  for (const [name, health] of reports) report[name] = health;
  return report;
}
