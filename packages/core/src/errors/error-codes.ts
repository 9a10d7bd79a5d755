/**
 * Errors are recognised by their stable `code`, never by class: a plugin may
 * bring its own copy of @zaqarjs/core (another version, a nested install), and
 * its error classes are then different objects from this copy's, so an
 * `instanceof` would miss them (a store's "does not exist" became a 503). The
 * only `instanceof` checks on error classes live in this file.
 */
import type { ApiError } from './api-error';
import type {
  ClaimDoesNotExist,
  FlavorDoesNotExist,
  MessageConflict,
  MessageDoesNotExist,
  MessageIsClaimed,
  MessageNotClaimed,
  MessageNotClaimedBy,
  NoPoolFound,
  PoolAlreadyExists,
  PoolCapabilitiesMismatch,
  PoolDoesNotExist,
  PoolInUseByFlavor,
  QueueDoesNotExist,
  QueueNotMapped,
  StorageUnavailable,
  SubscriptionAlreadyExists,
  SubscriptionDoesNotExist,
  TopicDoesNotExist,
} from './storage-errors';

/** Every code this copy of core throws with, by error class. */
export const ERROR_CODES = {
  ApiError: 'ZAQAR_API_ERROR',
  StorageUnavailable: 'ZAQAR_STORAGE_UNAVAILABLE',
  QueueDoesNotExist: 'ZAQAR_QUEUE_DOES_NOT_EXIST',
  TopicDoesNotExist: 'ZAQAR_TOPIC_DOES_NOT_EXIST',
  MessageDoesNotExist: 'ZAQAR_MESSAGE_DOES_NOT_EXIST',
  ClaimDoesNotExist: 'ZAQAR_CLAIM_DOES_NOT_EXIST',
  SubscriptionDoesNotExist: 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST',
  PoolDoesNotExist: 'ZAQAR_POOL_DOES_NOT_EXIST',
  FlavorDoesNotExist: 'ZAQAR_FLAVOR_DOES_NOT_EXIST',
  QueueNotMapped: 'ZAQAR_QUEUE_NOT_MAPPED',
  MessageIsClaimed: 'ZAQAR_MESSAGE_IS_CLAIMED',
  MessageNotClaimed: 'ZAQAR_MESSAGE_NOT_CLAIMED',
  MessageNotClaimedBy: 'ZAQAR_MESSAGE_NOT_CLAIMED_BY',
  PoolInUseByFlavor: 'ZAQAR_POOL_IN_USE_BY_FLAVOR',
  SubscriptionAlreadyExists: 'ZAQAR_SUBSCRIPTION_ALREADY_EXISTS',
  PoolAlreadyExists: 'ZAQAR_POOL_ALREADY_EXISTS',
  MessageConflict: 'ZAQAR_MESSAGE_CONFLICT',
  NoPoolFound: 'ZAQAR_NO_POOL_FOUND',
  PoolCapabilitiesMismatch: 'ZAQAR_POOL_CAPABILITIES_MISMATCH',
  ConfigError: 'ZAQAR_CONFIG_INVALID',
  DateParseError: 'ZAQAR_DATE_INVALID',
  SignedUrlError: 'ZAQAR_SIGNED_URL_INVALID',
} as const;

/** The error type each code narrows to. */
export interface ZaqarErrorsByCode {
  ZAQAR_API_ERROR: ApiError;
  ZAQAR_STORAGE_UNAVAILABLE: StorageUnavailable;
  ZAQAR_QUEUE_DOES_NOT_EXIST: QueueDoesNotExist;
  ZAQAR_TOPIC_DOES_NOT_EXIST: TopicDoesNotExist;
  ZAQAR_MESSAGE_DOES_NOT_EXIST: MessageDoesNotExist;
  ZAQAR_CLAIM_DOES_NOT_EXIST: ClaimDoesNotExist;
  ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST: SubscriptionDoesNotExist;
  ZAQAR_POOL_DOES_NOT_EXIST: PoolDoesNotExist;
  ZAQAR_FLAVOR_DOES_NOT_EXIST: FlavorDoesNotExist;
  ZAQAR_QUEUE_NOT_MAPPED: QueueNotMapped;
  ZAQAR_MESSAGE_IS_CLAIMED: MessageIsClaimed;
  ZAQAR_MESSAGE_NOT_CLAIMED: MessageNotClaimed;
  ZAQAR_MESSAGE_NOT_CLAIMED_BY: MessageNotClaimedBy;
  ZAQAR_POOL_IN_USE_BY_FLAVOR: PoolInUseByFlavor;
  ZAQAR_SUBSCRIPTION_ALREADY_EXISTS: SubscriptionAlreadyExists;
  ZAQAR_POOL_ALREADY_EXISTS: PoolAlreadyExists;
  ZAQAR_MESSAGE_CONFLICT: MessageConflict;
  ZAQAR_NO_POOL_FOUND: NoPoolFound;
  ZAQAR_POOL_CAPABILITIES_MISMATCH: PoolCapabilitiesMismatch;
}

/** Any error carrying a `ZAQAR_*` code, from this copy of core or another. */
export interface ZaqarError extends Error {
  readonly code: string;
}

/** How a storage error reads to a client: transports map these to 404, 403, 409 and 503. */
export type StorageErrorKind = 'not-found' | 'not-permitted' | 'conflict' | 'unavailable';

const STORAGE_ERROR_KINDS: Readonly<Record<string, StorageErrorKind>> = {
  ZAQAR_QUEUE_DOES_NOT_EXIST: 'not-found',
  ZAQAR_TOPIC_DOES_NOT_EXIST: 'not-found',
  ZAQAR_MESSAGE_DOES_NOT_EXIST: 'not-found',
  ZAQAR_CLAIM_DOES_NOT_EXIST: 'not-found',
  ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST: 'not-found',
  ZAQAR_POOL_DOES_NOT_EXIST: 'not-found',
  ZAQAR_FLAVOR_DOES_NOT_EXIST: 'not-found',
  ZAQAR_QUEUE_NOT_MAPPED: 'not-found',
  ZAQAR_MESSAGE_IS_CLAIMED: 'not-permitted',
  ZAQAR_MESSAGE_NOT_CLAIMED: 'not-permitted',
  ZAQAR_MESSAGE_NOT_CLAIMED_BY: 'not-permitted',
  ZAQAR_POOL_IN_USE_BY_FLAVOR: 'not-permitted',
  ZAQAR_SUBSCRIPTION_ALREADY_EXISTS: 'conflict',
  ZAQAR_POOL_ALREADY_EXISTS: 'conflict',
  ZAQAR_MESSAGE_CONFLICT: 'conflict',
  ZAQAR_STORAGE_UNAVAILABLE: 'unavailable',
  ZAQAR_NO_POOL_FOUND: 'unavailable',
  ZAQAR_POOL_CAPABILITIES_MISMATCH: 'unavailable',
};

/** The `ZAQAR_*` code of `error`, or undefined for anything else (plain Errors, Node's `ENOENT`...). */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ZAQAR_') ? code : undefined;
}

/**
 * Whether `error` carries a `ZAQAR_*` code (any, or one of `code`), whichever
 * copy of core created it. With a known code the error is narrowed to its class.
 */
export function isZaqarError<C extends keyof ZaqarErrorsByCode>(error: unknown, code: C): error is ZaqarErrorsByCode[C];
export function isZaqarError(error: unknown, code?: string | readonly string[]): error is ZaqarError;
export function isZaqarError(error: unknown, code?: string | readonly string[]): error is ZaqarError {
  const found = errorCode(error);
  if (found === undefined) return false;
  if (code === undefined) return true;
  return typeof code === 'string' ? found === code : code.includes(found);
}

/** A request-layer error (any copy of core's ApiError). */
export function isApiError(error: unknown): error is ApiError {
  return isZaqarError(error, ERROR_CODES.ApiError);
}

/** The kind of a storage error, or undefined when `error` is not one this copy of core knows. */
export function storageErrorKind(error: unknown): StorageErrorKind | undefined {
  const code = errorCode(error);
  return code === undefined ? undefined : STORAGE_ERROR_KINDS[code];
}

/** Whether `error` is a typed storage error (of `kind`, if given). */
export function isStorageError(error: unknown, kind?: StorageErrorKind): error is ZaqarError {
  const found = storageErrorKind(error);
  return found !== undefined && (kind === undefined || found === kind);
}

/** `error.message` of an Error (of any realm or copy), else its string form. */
export function errorMessage(error: unknown): string {
  return error instanceof Error || typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as Error).message : String(error);
}
