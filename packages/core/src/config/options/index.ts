import type { OptionGroup } from '../types';
import { defaultOptions } from './default';
import { driverOptions } from './drivers';
import { corsOptions, notificationOptions, policyOptions, poolingCatalogOptions, signedUrlOptions, storageOptions, wsgiOptions } from './misc';
import { transportOptions } from './transport';

/** Every option group core declares, in sample order. */
export const coreOptionGroups: readonly OptionGroup[] = [
  defaultOptions,
  driverOptions,
  wsgiOptions,
  transportOptions,
  storageOptions,
  poolingCatalogOptions,
  notificationOptions,
  signedUrlOptions,
  corsOptions,
  policyOptions,
];

/** Typed view of `[transport]`, as the request layer reads it. */
export interface TransportConf {
  default_message_ttl: number;
  default_message_delay: number;
  default_claim_ttl: number;
  default_claim_grace: number;
  default_subscription_ttl: number;
  max_queues_per_page: number;
  max_messages_per_page: number;
  max_subscriptions_per_page: number;
  max_messages_per_claim_or_pop: number;
  max_queue_metadata: number;
  max_messages_post_size: number;
  max_message_ttl: number;
  max_message_delay: number;
  max_claim_ttl: number;
  max_claim_grace: number;
  subscriber_types: string[];
  max_flavors_per_page: number;
  max_pools_per_page: number;
  client_id_uuid_safe: 'strict' | 'off';
  min_length_client_id: number;
  max_length_client_id: number;
  message_delete_with_claim_id: boolean;
  message_encryption_algorithms: string;
  message_encryption_key: string;
}

/** Typed view of `[DEFAULT]`. */
export interface DefaultConf {
  admin_mode: boolean;
  pooling: boolean;
  unreliable: boolean;
  enable_checksum: boolean;
  /** A `zaqar.authentication` entry-point name; empty means `noauth`. */
  auth_strategy: string;
  debug: boolean;
  log_file?: string;
  log_dir?: string;
  use_syslog: boolean;
  syslog_log_facility: string;
  log_config_append?: string;
  default_log_levels: string[];
  data_dir: string;
  plugin_dirs: string[];
  graceful_shutdown_timeout: number;
}

/** Typed view of `[drivers]`. */
export interface DriversConf {
  transport: string[];
  message_store: string;
  management_store: string;
}

/** Typed view of `[storage]`: stage names per resource, in order, and the post path's metadata memo. */
export interface StorageConf {
  queue_pipeline: string[];
  message_pipeline: string[];
  claim_pipeline: string[];
  subscription_pipeline: string[];
  topic_pipeline: string[];
  queue_metadata_cache_ttl: number;
  idempotency_window: number;
}
