/**
 * DI tokens. `Symbol.for` keys live in the global symbol registry, so a plugin
 * that bundles its own copy of @zaqarjs/core still resolves the same tokens.
 */
export const TOKENS = {
  /** Conf: the typed configuration. */
  CONF: Symbol.for('zaqar.conf'),
  /** Logger (pino-compatible). */
  LOGGER: Symbol.for('zaqar.logger'),
  /** DataDriver wrapped in the configured pipelines. */
  MESSAGE_STORE: Symbol.for('zaqar.message_store'),
  /** ControlDriver. */
  MANAGEMENT_STORE: Symbol.for('zaqar.management_store'),
  /** Policy enforcer. */
  POLICY: Symbol.for('zaqar.policy'),
  /** The shared request layer both transports call. */
  REQUEST_API: Symbol.for('zaqar.request_api'),
  /** Notifiers by URI scheme. */
  NOTIFIERS: Symbol.for('zaqar.notifiers'),
  /** The Authenticator chosen by `[DEFAULT] auth_strategy`. */
  AUTHENTICATOR: Symbol.for('zaqar.authenticator'),
} as const;
