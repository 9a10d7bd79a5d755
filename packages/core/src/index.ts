import 'reflect-metadata';

export * from './errors/storage-errors';
export * from './errors/api-error';
export * from './errors/error-codes';
export * from './storage';
export * from './config/types';
export * from './tokens';
export type { Logger } from './util/logger';
export type { TransportDriver } from './transport/transport-driver';
export type { Notifier, Notification, OffThreadNotifier } from './notifier/notifier';
export { notificationOf, isPushSubscriberUri, PUSH_CONNECTION_PREFIX } from './notifier/notification';
export { PushSubscribers, PUSH_SUBSCRIBERS, type PushTarget, type PushSubscribersDeps } from './notifier/push-subscribers';
export { TaskPool } from './notifier/task-pool';
export {
  Deliveries,
  NOTIFICATION_DELIVERIES,
  type DeliveryJob,
  type DeliveryCounts,
  type SetTimer,
  type SubscriptionDeliveryState,
} from './notifier/deliveries';
export { NotificationFailed, NOTIFICATION_FAILED, isRetryable } from './notifier/delivery-error';
export { backoffSequence, retrySchedule, selectRetryPolicy } from './notifier/backoff';
export { pythonJsonDumps } from './api/python-json';
export { NotificationFanout, NOTIFICATION_STAGE, type NotificationStageDeps } from './pipeline/notification-stage';
export type { PipelineStage, StageMethods } from './pipeline/stage';
export { wrapController } from './pipeline/pipeline';
export * from './plugins/plugin-module';
export * from './plugins/loader';
export * from './plugins/loader-discovery';
export * from './plugins/loader-errors';
export { contractProblem } from './plugins/plugin-contracts';
export { satisfies as satisfiesVersionRange } from './plugins/loader-semver';
export { OptionRegistry } from './config/registry';
export { TypedConf, envVarName, type RawSections, type TypedConfOptions } from './config/conf';
export { ConfigError } from './config/errors';
export { coerceOption } from './config/coerce';
export { parseIniText, normalizeSectionName, type ParsedIni } from './config/ini-text';
export { resolveConfigSources, standardSearchDirs, listConfigDir, type ConfigLocation, type ConfigSources } from './config/config-files';
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load-config';
export { renderSampleConfig, renderConfigReference } from './config/sample';
export { formatOptionValue } from './config/format-value';
export { coreOptionGroups, type TransportConf, type DefaultConf, type DriversConf, type StorageConf } from './config/options';
export { type AccessLog, type AccessLogEntry, createAccessLog, createLogger, flushLogger, type LoggerOptions } from './util/logging';
export { loggerOptionsFromConf, logFilePath } from './util/log-options';
export { makeDirectory } from './util/make-directory';
export { isLoopbackHost } from './util/loopback-host';
export { parseExactJson, stringifyExactJson, exactInteger } from './util/exact-json';
export { findDocumentFault, normalizeIntegers, MAX_DOCUMENT_DEPTH, type DocumentFault } from './util/document-walk';
/** Stores keep message ids and client ids in these canonical forms. */
export { canonicalClientId, canonicalUuid } from './api/identity';
export * from './policy';
export * from './auth';
export { CLUSTER_METRICS, type ClusterMetrics } from './metrics/cluster-metrics';
export {
  LATENCY_BUCKETS,
  SERVICE_COUNTERS,
  createServiceCounters,
  countWebsocketRequest,
  observeLatency,
  type LatencyCounts,
  type ServiceCounters,
} from './metrics/service-counters';
