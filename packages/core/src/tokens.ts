/**
 * DI tokens. `Symbol.for` keys live in the global symbol registry, so a plugin
 * that bundles its own copy of @zaqarjs/core still resolves the same tokens.
 * Each token carries the type registered under it (at compile time only), so
 * `resolveToken(container, TOKENS.MESSAGE_STORE)` is a DataDriver with no cast.
 */
import type { DependencyContainer } from 'tsyringe';
import type { RequestApi } from './api/request-api';
import type { Authenticator } from './auth/authenticator';
import type { Conf } from './config/types';
import type { Notifier } from './notifier/notifier';
import type { PolicyLike } from './policy/authorization';
import type { ControlDriver, DataDriver } from './storage/driver';
import type { Logger } from './util/logger';

declare const registeredType: unique symbol;

/** A registry symbol for a value of type T (still a plain symbol for tsyringe and `@inject`). */
export type Token<T> = symbol & { readonly [registeredType]?: T };

/** The token registered under `Symbol.for(key)`, typed. */
export function token<T>(key: string): Token<T> {
  return Symbol.for(key) as Token<T>;
}

export const TOKENS = {
  /** Conf: the typed configuration. */
  CONF: token<Conf>('zaqar.conf'),
  /** Logger (pino-compatible). */
  LOGGER: token<Logger>('zaqar.logger'),
  /** DataDriver wrapped in the configured pipelines. */
  MESSAGE_STORE: token<DataDriver>('zaqar.message_store'),
  /** ControlDriver. */
  MANAGEMENT_STORE: token<ControlDriver>('zaqar.management_store'),
  /** Policy enforcer (core's PolicyEnforcer, or a plugin's equivalent). */
  POLICY: token<PolicyLike>('zaqar.policy'),
  /** The shared request layer both transports call. */
  REQUEST_API: token<RequestApi>('zaqar.request_api'),
  /** Notifiers by URI scheme. */
  NOTIFIERS: token<ReadonlyMap<string, Notifier>>('zaqar.notifiers'),
  /** The Authenticator chosen by `[DEFAULT] auth_strategy`. */
  AUTHENTICATOR: token<Authenticator>('zaqar.authenticator'),
} as const;

/** The value registered under `token`; throws (tsyringe's error) when none is. */
export function resolveToken<T>(container: Pick<DependencyContainer, 'resolve'>, token: Token<T>): T {
  return container.resolve<T>(token);
}

/** The value registered under `token` (in this container or a parent), or undefined. */
export function resolveOptionalToken<T>(container: Pick<DependencyContainer, 'isRegistered' | 'resolve'>, token: Token<T>): T | undefined {
  return container.isRegistered(token, true) ? container.resolve<T>(token) : undefined;
}

/** Registers `value` under `token`; the token's type checks the value. */
export function registerToken<T>(container: Pick<DependencyContainer, 'register'>, token: Token<T>, value: T): void {
  container.register<T>(token, { useValue: value });
}
