import type { DependencyContainer } from 'tsyringe';
import type { RequestContext } from '../api/context';
import { apiErrors } from '../errors/api-error';
import { resolveOptionalToken, TOKENS } from '../tokens';
import { ruleOf, type Operation } from './operations';

/**
 * A policy check as the transports run it: true to allow, false to refuse
 * with `403 Not authorized`. It may also throw an ApiError.
 */
export type Authorize = (rule: string, ctx: RequestContext) => boolean | Promise<boolean>;

/** What is registered under TOKENS.POLICY (core's PolicyEnforcer, or a plugin's equivalent). */
export interface PolicyLike {
  /** Checked at run time too: a plugin written in JavaScript may register an object without it. */
  authorize(rule: string, ctx: RequestContext): boolean | Promise<boolean>;
}

/**
 * The policy registered under TOKENS.POLICY as an Authorize function, or
 * undefined when none is registered (a transport embedded without policy:
 * every rule allows). A registered object without `authorize` is a wiring
 * error: it fails here, at startup, instead of silently allowing everything.
 */
export function authorizerFrom(container: Pick<DependencyContainer, 'isRegistered' | 'resolve'>): Authorize | undefined {
  const policy = resolveOptionalToken(container, TOKENS.POLICY);
  if (policy === undefined) return undefined;
  const check = policy.authorize;
  if (typeof check !== 'function') throw new TypeError('The object registered as TOKENS.POLICY has no authorize(rule, ctx) method');
  return (rule, ctx) => check.call(policy, rule, ctx);
}

/**
 * Runs the policy check of `operation` for `ctx`: nothing for public
 * operations or without a policy, else throws ApiError 403 (`Not authorized`,
 * the HTTP body both transports render) when the rule denies.
 */
export async function authorizeOperation(authorize: Authorize | undefined, operation: Operation, ctx: RequestContext): Promise<void> {
  const rule = ruleOf(operation);
  if (rule === null || !authorize) return;
  if (!(await authorize(rule, ctx))) throw apiErrors.forbidden();
}
