/**
 * A whole zaqar server as a library call: bootstrap, compose, listen, collect
 * garbage, and stop gracefully. No process-level side effects (signals, exit
 * codes) — those belong to cli.ts — so tests can run several in one process.
 */
import * as path from 'node:path';
import {
  flushLogger,
  isLoopbackHost,
  makeDirectory,
  NOTIFICATION_DELIVERIES,
  resolveOptionalToken,
  resolveToken,
  SERVICE_COUNTERS,
  TOKENS,
  type Conf,
  type DefaultConf,
  type Logger,
} from '@zaqarjs/core';
import type { DependencyContainer } from 'tsyringe';
import { bootstrap, type BootstrapOptions } from './bootstrap';
import type { ClusterLink } from './cluster/worker-link';
import { compose, type Composition } from './composition-root';
import { TransportListenError } from './errors';
import { expiredRecords, GarbageCollector, GC_INTERVAL_MS } from './garbage-collector';

/** Startup inputs, plus the garbage-collection interval (tests). */
export interface StartOptions extends BootstrapOptions {
  gcIntervalMs?: number;
  /** As a cluster worker: the link to the primary (events and metadata invalidations relayed between workers). */
  cluster?: ClusterLink;
}

/** Where one transport listens. */
export interface ListeningAddress {
  transport: string;
  host: string;
  port: number;
}

/** A started server. */
export interface RunningServer {
  conf: Conf;
  logger: Logger;
  container: DependencyContainer;
  addresses: readonly ListeningAddress[];
  /**
   * Stops accepting, lets in-flight requests finish (up to `graceMs`, default
   * `[DEFAULT] graceful_shutdown_timeout`), then closes the stores. Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Best effort: the embedded store keeps its file under data_dir; other stores never need the folder. */
function ensureDataDir(defaults: DefaultConf, logger: Logger): void {
  const dir = path.resolve(defaults.data_dir);
  try {
    makeDirectory(dir);
  } catch (error) {
    logger.debug({ err: error, dir }, 'Could not create data_dir');
  }
}

async function listenAll(composition: Composition, logger: Logger): Promise<ListeningAddress[]> {
  const addresses: ListeningAddress[] = [];
  const started: Composition['transports'] = [];
  for (const transport of composition.transports) {
    try {
      const address = await transport.driver.listen();
      started.push(transport);
      addresses.push({ transport: transport.name, ...address });
      logger.info(
        { event: 'listening', transport: transport.name, host: address.host, port: address.port },
        `Serving ${transport.name} on ${address.host}:${address.port}`,
      );
    } catch (error) {
      await Promise.allSettled(started.map((t) => t.driver.close(0)));
      throw new TransportListenError(transport.name, error);
    }
  }
  return addresses;
}

/**
 * Without a verifying `[DEFAULT] auth_strategy` (noauth, the reference's
 * default), says once that requests are trusted as sent; as a warning when a
 * transport is reachable beyond loopback.
 */
function logTrustedHeaders(composition: Composition, addresses: readonly ListeningAddress[], logger: Logger): void {
  if (!resolveToken(composition.container, TOKENS.AUTHENTICATOR).trustsHeaders) return;
  const message = 'No authentication ([DEFAULT] auth_strategy): requests are trusted as sent (X-Project-ID picks the tenant, X-Roles: admin grants admin)';
  const exposed = addresses.filter((a) => !isLoopbackHost(a.host)).map((a) => `${a.transport} on ${a.host}:${a.port}`);
  if (exposed.length > 0) logger.warn({ event: 'unauthenticated', exposed }, `${message}; reachable beyond loopback: ${exposed.join(', ')}`);
  else logger.info({ event: 'unauthenticated' }, message);
}

/** Starts a server from configuration; throws ConfigError, PluginError, StoreOpenError or TransportListenError. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { conf, logger, selection, catalog } = await bootstrap(options);
  const defaults = conf.group<DefaultConf>('DEFAULT');
  ensureDataDir(defaults, logger);
  const composition = await compose(conf, logger, selection, catalog, options.cluster);
  let addresses: ListeningAddress[];
  try {
    addresses = await listenAll(composition, logger);
  } catch (error) {
    await composition.closeStores();
    throw error;
  }
  logTrustedHeaders(composition, addresses, logger);
  const collector = new GarbageCollector(
    expiredRecords(composition.data),
    logger,
    options.gcIntervalMs ?? GC_INTERVAL_MS,
    resolveToken(composition.container, SERVICE_COUNTERS),
  );
  // One collector per deployment is enough: of a cluster's workers, slot 0 runs it.
  if ((options.cluster?.slot ?? 0) === 0) collector.start();
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = defaults.graceful_shutdown_timeout * 1000) =>
    (stopping ??= (async () => {
      logger.info({ event: 'stopping', graceMs }, 'Stopping: draining in-flight requests');
      // Long-poll claims answer now (204) instead of holding the drain for up to 20 s.
      resolveToken(composition.container, TOKENS.REQUEST_API).claims.waiters.close();
      // Transports stop accepting in this same turn, before anything is awaited.
      const deadline = Date.now() + graceMs;
      const drained = Promise.allSettled(composition.transports.map((t) => t.driver.close(graceMs)));
      await collector.stop();
      await drained;
      // Notifications of the last posts, queued or waiting to retry, get what is left of the grace.
      await resolveOptionalToken(composition.container, NOTIFICATION_DELIVERIES)?.drain(Math.max(0, deadline - Date.now()));
      await composition.closeStores();
      logger.info({ event: 'stopped' }, 'Stopped');
      await flushLogger(logger);
    })());
  return { conf, logger, container: composition.container, addresses, stop };
}
