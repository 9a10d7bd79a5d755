import type { SubscriptionDeliveryState } from '../notifier/deliveries';
import type { Notifier } from '../notifier/notifier';
import type { Identity, PublicEndpoints, TrustCreator } from '../auth/authenticator';
import type { Conf } from '../config/types';
import type { ControlDriver, DataDriver } from '../storage/driver';
import type { Logger } from '../util/logger';
import type { ClaimWaiters, PostNotices } from './claim-waiters';
import type { PoolingAdmin } from './pools-api';
import type { QueueMetadataMemo } from './queue-metadata-memo';

/** Who is asking: established by the transport before the request layer runs. */
export interface RequestContext {
  /** Tenant (X-Project-ID or the token's project). */
  project: string;
  /** The Client-ID header, already validated. */
  clientId: string;
  /** Roles for policy checks. */
  roles: readonly string[];
  /** Request id, also returned as X-OpenStack-Request-Id. */
  requestId: string;
  /** User id (Keystone's, or X-User-ID without authentication). */
  userId?: string;
  /** Domain ids of the identity, when it has them (policy credentials `domain`, `user_domain`, `project_domain`). */
  domain?: string;
  userDomain?: string;
  projectDomain?: string;
  /** Creates a Keystone trust from the caller (trust+ subscriptions); absent without Keystone. */
  createTrust?: TrustCreator;
}

/** The context of a request made as `identity`: its roles, user, domains and trust creator, with the request's own fields. */
export function requestContextOf(identity: Identity, request: Pick<RequestContext, 'project' | 'clientId' | 'requestId'>): RequestContext {
  return {
    project: request.project,
    clientId: request.clientId,
    requestId: request.requestId,
    roles: identity.roles,
    userId: identity.userId,
    domain: identity.domain,
    userDomain: identity.userDomain,
    projectDomain: identity.projectDomain,
    createTrust: identity.createTrust,
  };
}

/**
 * A request body as the transport received it. HTTP supplies the raw bytes
 * (parsed lazily so size checks come first); websocket supplies a parsed value.
 */
export interface RequestBody {
  /** False when the request had no body or an empty one (no Content-Length, or 0). */
  readonly present: boolean;
  /** Size in bytes (HTTP Content-Length; websocket: serialized length). */
  readonly length: number;
  /** The parsed JSON value; throws ApiError(400 Invalid request body) when unparsable. */
  parse(): unknown;
}

/** A transport-neutral answer: HTTP renders it directly, websocket wraps it in its envelope. */
export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Everything a request handler needs; built once by the composition root. */
export interface ApiDeps {
  conf: Conf;
  control: ControlDriver;
  data: DataDriver;
  logger: Logger;
  /** Queue metadata reused on the post path; RequestApi makes one that its parts share. */
  queueMetadata?: QueueMetadataMemo;
  /** Notifiers by subscriber scheme, for confirmation messages (§19.7); absent: none are sent. */
  notifiers?: ReadonlyMap<string, Notifier>;
  /** This process's delivery counts per subscription (the notification stage's), shown in subscription GETs. */
  deliveries?: {
    stateOf(subscriptionId: string): SubscriptionDeliveryState | undefined;
    /** A subscription of the queue or its metadata changed here: the fan-out drops its memo of them (`queue` as stored). */
    forgetFanout?(project: string, queue: string): void;
  };
  /** The authenticator's catalogue endpoints, for the `…SubscribeURL` keys of confirmations; absent: none (noauth). */
  publicEndpoints?(): Promise<PublicEndpoints>;
  /** `/v2/queues` (default) or `/v2/topics`: where confirmation URLs point. */
  collectionPath?: string;
  /** Pool stores for the admin pool/flavor API; absent without `[DEFAULT] pooling`. */
  pooling?: PoolingAdmin;
  /** Post notices that wake long-poll claimers; absent: they are woken by the slow re-check only. */
  posts?: PostNotices;
  /** The long-poll claimers (RequestApi makes one set that topic APIs built from its deps share). */
  claimWaiters?: ClaimWaiters;
}
