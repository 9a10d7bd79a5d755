/**
 * Typed storage errors, mirroring the reference's `zaqar.storage.errors` set.
 * Each carries a stable `code` that tests and transports match on; only the
 * transports turn them into HTTP statuses or websocket responses.
 */
export abstract class StorageError extends Error {
  /** Stable, greppable identifier of the error kind. */
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The back end could not be reached or failed; transports answer 503. */
export class StorageUnavailable extends StorageError {
  readonly code = 'ZAQAR_STORAGE_UNAVAILABLE';
  /**
   * True when the back end may have applied the call after all: the command was sent, then
   * timed out or lost its connection before the answer. Writes then report an unknown outcome.
   */
  readonly outcomeUnknown: boolean;
  constructor(
    message = 'The storage back end is unavailable.',
    override readonly cause?: unknown,
    options: { outcomeUnknown?: boolean } = {},
  ) {
    super(message);
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** Whether `error` (from any copy of core) is a StorageUnavailable whose call may have been applied. */
export function isOutcomeUnknown(error: unknown): boolean {
  const candidate = error as { code?: unknown; outcomeUnknown?: unknown } | null | undefined;
  return candidate?.code === 'ZAQAR_STORAGE_UNAVAILABLE' && candidate.outcomeUnknown === true;
}

/** Base of every "does not exist" error; transports answer 404. */
export abstract class DoesNotExist extends StorageError {}

export class QueueDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_QUEUE_DOES_NOT_EXIST';
  constructor(
    readonly queue: string,
    readonly project: string,
  ) {
    super(`Queue ${queue} does not exist for project ${project}`);
  }
}

export class TopicDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_TOPIC_DOES_NOT_EXIST';
  constructor(
    readonly topic: string,
    readonly project: string,
  ) {
    super(`Topic ${topic} does not exist for project ${project}`);
  }
}

export class MessageDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_MESSAGE_DOES_NOT_EXIST';
  constructor(
    readonly messageId: string,
    readonly queue: string,
    readonly project: string,
  ) {
    super(`Message ${messageId} does not exist in queue ${queue} for project ${project}`);
  }
}

export class ClaimDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_CLAIM_DOES_NOT_EXIST';
  constructor(
    readonly claimId: string,
    readonly queue: string,
    readonly project: string,
  ) {
    super(`Claim ${claimId} does not exist in queue ${queue} for project ${project}`);
  }
}

export class SubscriptionDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_SUBSCRIPTION_DOES_NOT_EXIST';
  constructor(readonly subscriptionId: string) {
    super(`Subscription ${subscriptionId} does not exist`);
  }
}

export class PoolDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_POOL_DOES_NOT_EXIST';
  constructor(readonly pool: string) {
    super(`Pool ${pool} does not exist`);
  }
}

export class FlavorDoesNotExist extends DoesNotExist {
  readonly code = 'ZAQAR_FLAVOR_DOES_NOT_EXIST';
  constructor(readonly flavor: string) {
    super(`Flavor ${flavor} does not exist`);
  }
}

export class QueueNotMapped extends DoesNotExist {
  readonly code = 'ZAQAR_QUEUE_NOT_MAPPED';
  constructor(
    readonly queue: string,
    readonly project: string,
  ) {
    super(`No pool found for queue ${queue} for project ${project}`);
  }
}

/** Base of the "not permitted" family; transports answer 403 (or 400, see subclasses). */
export abstract class NotPermitted extends StorageError {}

/** Deleting a message under a live claim without naming that claim. */
export class MessageIsClaimed extends NotPermitted {
  readonly code = 'ZAQAR_MESSAGE_IS_CLAIMED';
  constructor(readonly messageId: string) {
    super(`Message ${messageId} is claimed.`);
  }
}

/** A claim id was given but the message is not under a live claim. */
export class MessageNotClaimed extends NotPermitted {
  readonly code = 'ZAQAR_MESSAGE_NOT_CLAIMED';
  constructor(readonly messageId: string) {
    super(`Message ${messageId} is not claimed.`);
  }
}

/** The message is held by a live claim other than the one given. */
export class MessageNotClaimedBy extends NotPermitted {
  readonly code = 'ZAQAR_MESSAGE_NOT_CLAIMED_BY';
  constructor(
    readonly messageId: string,
    readonly claimId: string,
  ) {
    super(`Message ${messageId} is not claimed by ${claimId}.`);
  }
}

/** Deleting the last pool of an existing flavor. */
export class PoolInUseByFlavor extends NotPermitted {
  readonly code = 'ZAQAR_POOL_IN_USE_BY_FLAVOR';
  constructor(
    readonly pool: string,
    readonly flavor: string,
  ) {
    super(`This pool is used by flavors ${flavor}; It cannot be deleted.`);
  }
}

/** Base of the conflict family; transports answer 409. */
export abstract class Conflict extends StorageError {}

export class SubscriptionAlreadyExists extends Conflict {
  readonly code = 'ZAQAR_SUBSCRIPTION_ALREADY_EXISTS';
  constructor() {
    super('Such subscription already exists. Subscriptions are unique by project + queue + subscriber URI.');
  }
}

export class PoolAlreadyExists extends Conflict {
  readonly code = 'ZAQAR_POOL_ALREADY_EXISTS';
  constructor() {
    super('The database URI is in use by another pool.');
  }
}

export class MessageConflict extends Conflict {
  readonly code = 'ZAQAR_MESSAGE_CONFLICT';
  constructor(
    readonly queue: string,
    readonly project: string,
  ) {
    super(`Message could not be enqueued due to a conflict with one or more other messages in queue ${queue} for project ${project}`);
  }
}

export class NoPoolFound extends StorageError {
  readonly code = 'ZAQAR_NO_POOL_FOUND';
  constructor() {
    super('No pools registered');
  }
}

export class PoolCapabilitiesMismatch extends StorageError {
  readonly code = 'ZAQAR_POOL_CAPABILITIES_MISMATCH';
  constructor() {
    super('The pool being added does not support the minimum set of capabilities');
  }
}
