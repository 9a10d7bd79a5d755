import 'reflect-metadata';

export * from './errors/storage-errors';
export * from './errors/api-error';
export * from './storage';
export * from './config/types';
export * from './tokens';
export type { Logger } from './util/logger';
export type { TransportDriver } from './transport/transport-driver';
export type { Notifier, Notification } from './notifier/notifier';
export type { PipelineStage, StageMethods } from './pipeline/stage';
export { wrapController } from './pipeline/pipeline';
export * from './plugins/plugin-module';
export { OptionRegistry } from './config/registry';
export { TypedConf, type RawSections } from './config/conf';
export { ConfigError } from './config/errors';
export { coerceOption } from './config/coerce';
export { coreOptionGroups, type TransportConf, type DefaultConf } from './config/options';
export * from './api';
