/**
 * Which plugins this process needs, read from the configuration: the
 * `[DEFAULT] auth_strategy` authenticator, the `[drivers]` transports and
 * stores, the `[storage] *_pipeline` stages and the notifiers of
 * `[transport] subscriber_types`. Everything is loaded (and
 * checked) before anything is created, so a bad name stops startup before a
 * store is opened or a port is bound.
 */
import {
  ConfigError,
  NAMESPACES,
  NOTIFICATION_STAGE,
  loadAuthenticator,
  loadPlugin,
  type Authenticator,
  type Conf,
  type ControlDriver,
  type DataDriver,
  type DriversConf,
  type LoadedPlugin,
  type Notifier,
  type PipelineStage,
  type PluginCatalog,
  type StorageConf,
  type TransportConf,
  type TransportDriver,
} from '@zaqarjs/core';

/** Resource pipelines of `[storage]`, in the order stages are applied. */
export const PIPELINE_RESOURCES = ['queue', 'message', 'claim', 'subscription', 'topic'] as const;
export type PipelineResource = (typeof PIPELINE_RESOURCES)[number];

/** A loaded plugin with the name it was selected by. */
export interface Selected<T> {
  name: string;
  /** The setting that named it, e.g. `[drivers] message_store` (startup errors quote it). */
  setting?: string;
  plugin: LoadedPlugin<T>;
}

/** Every plugin the configuration names, loaded and checked. */
export interface PluginSelection {
  /** The `[DEFAULT] auth_strategy` authenticator (`noauth` when empty). */
  authenticator: Selected<Authenticator>;
  transports: Selected<TransportDriver>[];
  messageStore: Selected<DataDriver>;
  managementStore: Selected<ControlDriver>;
  /** Stage names per resource, in pipeline order. */
  pipelines: Record<PipelineResource, string[]>;
  /** Each distinct stage, by name. */
  stages: Map<string, Selected<PipelineStage>>;
  /** Notifiers by subscriber URI scheme (only installed ones). */
  notifiers: Map<string, Selected<Notifier>>;
  /** Subscriber schemes accepted by `[transport] subscriber_types` with no notifier installed. */
  schemesWithoutNotifier: string[];
}

async function select<T>(catalog: PluginCatalog, namespace: string, setting: string, name: string): Promise<Selected<T>> {
  return { name, setting, plugin: await loadPlugin<T>(catalog, { namespace, setting, name }) };
}

/** Transports that push to subscribed connections, and the message stage that feeds them. */
const PUSHING_TRANSPORTS: ReadonlySet<string> = new Set(['websocket']);

/**
 * `[storage] message_pipeline` as configured, plus `zaqar.notification.notifier`
 * when a pushing transport is served and the stage is installed (the reference
 * needs the operator to add it; without it websocket subscriptions are silent).
 */
function impliedMessagePipeline(catalog: PluginCatalog, configured: readonly string[], transports: readonly string[]): string[] {
  const wanted =
    transports.some((t) => PUSHING_TRANSPORTS.has(t)) && !configured.includes(NOTIFICATION_STAGE) && catalog.find(NAMESPACES.stages, NOTIFICATION_STAGE);
  return wanted ? [...configured, NOTIFICATION_STAGE] : [...configured];
}

async function selectStages(
  catalog: PluginCatalog,
  storage: StorageConf,
  transports: readonly string[],
): Promise<Pick<PluginSelection, 'pipelines' | 'stages'>> {
  const pipelines = {} as Record<PipelineResource, string[]>;
  const stages = new Map<string, Selected<PipelineStage>>();
  for (const resource of PIPELINE_RESOURCES) {
    const configured = storage[`${resource}_pipeline`];
    const names = resource === 'message' ? impliedMessagePipeline(catalog, configured, transports) : configured;
    pipelines[resource] = [...names];
    for (const name of names) {
      if (!stages.has(name)) stages.set(name, await select<PipelineStage>(catalog, NAMESPACES.stages, `[storage] ${resource}_pipeline`, name));
    }
  }
  return { pipelines, stages };
}

async function selectNotifiers(catalog: PluginCatalog, transport: TransportConf): Promise<Pick<PluginSelection, 'notifiers' | 'schemesWithoutNotifier'>> {
  const notifiers = new Map<string, Selected<Notifier>>();
  const schemesWithoutNotifier: string[] = [];
  for (const scheme of transport.subscriber_types) {
    if (catalog.find(NAMESPACES.notifiers, scheme))
      notifiers.set(scheme, await select<Notifier>(catalog, NAMESPACES.notifiers, '[transport] subscriber_types', scheme));
    else schemesWithoutNotifier.push(scheme);
  }
  return { notifiers, schemesWithoutNotifier };
}

/** The `[drivers] message_store` plugin, loaded (also asked alone by the primary, see cluster/auto-workers.ts). */
export function selectMessageStore(catalog: PluginCatalog, conf: Conf): Promise<Selected<DataDriver>> {
  return select<DataDriver>(catalog, NAMESPACES.dataStorage, '[drivers] message_store', conf.group<DriversConf>('drivers').message_store);
}

/** Loads every plugin the configuration names; throws the first PluginError (or ConfigError). */
export async function selectPlugins(catalog: PluginCatalog, conf: Conf): Promise<PluginSelection> {
  const drivers = conf.group<DriversConf>('drivers');
  if (drivers.transport.length === 0) throw new ConfigError('Invalid value "" for [drivers] transport: name at least one transport (e.g. wsgi)');
  // First: serving without the authentication the operator asked for is never an option.
  const authenticator = await loadAuthenticator(catalog, conf);
  const messageStore = await selectMessageStore(catalog, conf);
  const managementStore = await select<ControlDriver>(catalog, NAMESPACES.controlStorage, '[drivers] management_store', drivers.management_store);
  const transports: Selected<TransportDriver>[] = [];
  for (const name of new Set(drivers.transport)) transports.push(await select(catalog, NAMESPACES.transport, '[drivers] transport', name));
  const stages = await selectStages(catalog, conf.group<StorageConf>('storage'), drivers.transport);
  const notifiers = await selectNotifiers(catalog, conf.group<TransportConf>('transport'));
  return { authenticator, transports, messageStore, managementStore, ...stages, ...notifiers };
}

/** The option groups the selected plugins declare (each module once). */
export function selectedOptionGroups(selection: PluginSelection) {
  const modules = new Set([
    selection.authenticator.plugin.module,
    ...selection.transports.map((t) => t.plugin.module),
    selection.messageStore.plugin.module,
    selection.managementStore.plugin.module,
    ...[...selection.stages.values()].map((s) => s.plugin.module),
    ...[...selection.notifiers.values()].map((n) => n.plugin.module),
  ]);
  return [...modules].flatMap((module) => module.options ?? []);
}
