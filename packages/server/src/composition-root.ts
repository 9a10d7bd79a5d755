/**
 * The one composition root: creates the plugins the configuration selected and
 * registers what they provide under core's tokens, in dependency order —
 * CONF, LOGGER, MANAGEMENT_STORE, MESSAGE_STORE (with the `[storage]`
 * pipelines; PUSH_SUBSCRIBERS before the stages), NOTIFIERS, POLICY, AUTHENTICATOR, REQUEST_API — then creates the transports,
 * which resolve what they need from the container. Nothing else registers.
 */
import 'reflect-metadata';
import {
  errorCode,
  PUSH_SUBSCRIBERS,
  PushSubscribers,
  CLUSTER_METRICS,
  createServiceCounters,
  SERVICE_COUNTERS,
  NOTIFICATION_DELIVERIES,
  registerToken,
  resolveOptionalToken,
  TOKENS,
  type Conf,
  type ControlDriver,
  type DataDriver,
  type Logger,
  type Notifier,
  type PipelineStage,
  type PluginCatalog,
  type PluginContext,
  type TransportDriver,
} from '@zaqarjs/core';
import { RequestApi } from '@zaqarjs/core/api';
import { clusterDataDriver, clusterQueueMetadata } from './cluster/worker-wiring';
import type { ClusterLink } from './cluster/worker-link';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { PluginCreateError, StoreOpenError } from './errors';
import { registerPolicy } from './register-policy';
import { PIPELINE_RESOURCES, type PluginSelection, type Selected } from './plugin-selection';
import { PoolStores } from './pooling/pool-stores';
import { pooledStores } from './pooling/pooled-stores';
import { withPostAnnouncer } from './post-announcer';
import { pipelineControlDriver, pipelineDataDriver, type StagesByResource } from './storage-pipeline';

/** What the root built: the container, the stores (as served) and the transports (not yet listening). */
export interface Composition {
  container: DependencyContainer;
  /** The message store with pipelines applied (what MESSAGE_STORE resolves to). */
  data: DataDriver;
  /** The management store with pipelines applied (what MANAGEMENT_STORE resolves to). */
  control: ControlDriver;
  transports: { name: string; driver: TransportDriver }[];
  /** Closes the stores (once). */
  closeStores(): Promise<void>;
}

function notificationConf(conf: Conf): { require_confirmation: boolean } {
  return conf.group<{ require_confirmation: boolean }>('notification');
}

/** Calls a plugin's `create` with its context; a throw becomes one PluginCreateError line naming plugin and setting. */
async function instantiate<T>(selected: Selected<T>, conf: Conf, logger: Logger, container: DependencyContainer, kind: string): Promise<T> {
  const context: PluginContext = { conf, logger: logger.child({ [kind]: selected.name }), container, name: selected.name };
  try {
    return await selected.plugin.module.create(context);
  } catch (error) {
    // Configuration errors name their option; plugin errors (a malformed instance) already name the plugin.
    if (/^ZAQAR_(CONFIG|PLUGIN)_/.test(errorCode(error) ?? '')) throw error;
    throw new PluginCreateError(selected.setting ?? kind, selected.name, selected.plugin.entry.package.name, error);
  }
}

async function openStore<T extends DataDriver | ControlDriver>(store: T, setting: string, name: string): Promise<T> {
  try {
    await store.open();
  } catch (error) {
    throw new StoreOpenError(setting, name, error);
  }
  return store;
}

async function createStages(selection: PluginSelection, conf: Conf, logger: Logger, container: DependencyContainer): Promise<StagesByResource> {
  const instances = new Map<string, PipelineStage>();
  for (const [name, stage] of selection.stages) instances.set(name, await instantiate(stage, conf, logger, container, 'stage'));
  const byResource = {} as Record<(typeof PIPELINE_RESOURCES)[number], PipelineStage[]>;
  for (const resource of PIPELINE_RESOURCES) byResource[resource] = selection.pipelines[resource].map((name) => instances.get(name)!);
  return byResource;
}

async function createNotifiers(selection: PluginSelection, conf: Conf, logger: Logger, container: DependencyContainer): Promise<ReadonlyMap<string, Notifier>> {
  const notifiers = new Map<string, Notifier>();
  for (const [scheme, notifier] of selection.notifiers) notifiers.set(scheme, await instantiate(notifier, conf, logger, container, 'notifier'));
  return notifiers;
}

/** A child of the root container holding CONF and LOGGER, which any plugin's `create` may resolve. */
function pluginContainer(conf: Conf, logger: Logger): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerToken(container, TOKENS.CONF, conf);
  registerToken(container, TOKENS.LOGGER, logger);
  return container;
}

/** What `[DEFAULT] workers = 0` asks the selected message store: it is created, asked and closed unopened. */
export async function processPreferences(
  messageStore: Selected<DataDriver>,
  conf: Conf,
  logger: Logger,
): Promise<Pick<DataDriver, 'prefersOneProcess' | 'serverOnThisHost'>> {
  const store = await instantiate(messageStore, conf, logger, pluginContainer(conf, logger), 'message_store');
  try {
    return { prefersOneProcess: store.prefersOneProcess === true, serverOnThisHost: store.serverOnThisHost === true };
  } finally {
    await store.close();
  }
}

/** Tracks opened stores so a failure halfway closes what was opened. */
function storeCloser(): { add(store: DataDriver | ControlDriver): void; close(): Promise<void> } {
  const opened: (DataDriver | ControlDriver)[] = [];
  let closing: Promise<void> | undefined;
  return {
    add: (store) => void (opened.includes(store) || opened.push(store)),
    close: () => (closing ??= Promise.allSettled(opened.reverse().map((store) => store.close())).then(() => undefined)),
  };
}

/** With `[DEFAULT] pooling`: the pool stores, a message store routing by the catalogue, and placing queues. */
function pooling(
  conf: Conf,
  logger: Logger,
  container: DependencyContainer,
  catalog: PluginCatalog,
  control: ControlDriver,
  data: DataDriver,
  cluster: ClusterLink | undefined,
): { stores: PoolStores; control: ControlDriver; data: DataDriver } {
  const stores = new PoolStores(catalog, conf, logger, container, control);
  const virtualPool = conf.group<{ enable_virtual_pool: boolean }>('pooling:catalog').enable_virtual_pool;
  // A cluster worker announces posts to queues whose stores have no channel through the primary.
  return { stores, ...pooledStores(control, data, stores, virtualPool, logger, cluster?.events) };
}

/**
 * Builds everything but does not listen. On failure, whatever was opened is
 * closed before the error propagates.
 */
export async function compose(conf: Conf, logger: Logger, selection: PluginSelection, catalog?: PluginCatalog, cluster?: ClusterLink): Promise<Composition> {
  const container = pluginContainer(conf, logger);
  registerToken(container, SERVICE_COUNTERS, createServiceCounters());
  const stores = storeCloser();
  let controlQueues: ControlDriver | undefined;
  try {
    const rawControl = await instantiate(selection.managementStore, conf, logger, container, 'management_store');
    stores.add(await openStore(rawControl, '[drivers] management_store', selection.managementStore.name));
    const configuredData = await instantiate(selection.messageStore, conf, logger, container, 'message_store');
    stores.add(await openStore(configuredData, '[drivers] message_store', selection.messageStore.name));
    let rawData: DataDriver = configuredData;
    let poolStores: PoolStores | undefined;
    if (conf.group<{ pooling: boolean }>('DEFAULT').pooling) {
      if (!catalog) throw new Error('Pooling needs the plugin catalog');
      const pooled = pooling(conf, logger, container, catalog, rawControl, configuredData, cluster);
      rawData = pooled.data;
      poolStores = pooled.stores;
      stores.add(pooled.data);
      controlQueues = pooled.control;
    }
    // As a cluster worker without store events, posts are announced through the primary.
    if (cluster) rawData = clusterDataDriver(rawData, cluster);
    // Stages are created while the store tokens resolve to the unwrapped stores, so a stage never calls itself.
    registerToken(container, TOKENS.MANAGEMENT_STORE, rawControl);
    registerToken(container, TOKENS.MESSAGE_STORE, rawData);
    // Push subscribers (websocket connections) of this process: fed by the notifier stage, served by the websocket transport.
    const push = new PushSubscribers({ data: rawData, logger, requireConfirmation: notificationConf(conf).require_confirmation });
    registerToken(container, PUSH_SUBSCRIBERS, push);
    // Long-poll claimers hear of posts through `push`: someone must announce them.
    const stages = withPostAnnouncer(await createStages(selection, conf, logger, container), selection.pipelines.message, push, logger);
    const control = pipelineControlDriver(controlQueues ?? rawControl, stages);
    const data = pipelineDataDriver(rawData, stages);
    registerToken(container, TOKENS.MANAGEMENT_STORE, control);
    registerToken(container, TOKENS.MESSAGE_STORE, data);
    const notifiers = await createNotifiers(selection, conf, logger, container);
    registerToken(container, TOKENS.NOTIFIERS, notifiers);
    registerPolicy(container, conf, logger);
    const authenticator = await instantiate(selection.authenticator, conf, logger, container, 'authenticator');
    registerToken(container, TOKENS.AUTHENTICATOR, authenticator);
    const publicEndpoints = authenticator.publicEndpoints?.bind(authenticator);
    const queueMetadata = cluster && clusterQueueMetadata(conf, cluster);
    if (cluster) registerToken(container, CLUSTER_METRICS, cluster.metrics);
    const deliveries = resolveOptionalToken(container, NOTIFICATION_DELIVERIES);
    registerToken(
      container,
      TOKENS.REQUEST_API,
      new RequestApi({ conf, control, data, logger, pooling: poolStores, queueMetadata, notifiers, deliveries, posts: push, publicEndpoints }),
    );
    const transports = [];
    for (const transport of selection.transports) {
      transports.push({ name: transport.name, driver: await instantiate(transport, conf, logger, container, 'transport') });
    }
    return { container, data, control, transports, closeStores: stores.close };
  } catch (error) {
    await stores.close();
    throw error;
  }
}
