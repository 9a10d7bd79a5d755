import { type PluginContext, TOKENS, type RequestContext } from '@zaqarjs/core';

type DependencyContainer = PluginContext['container'];

/**
 * The policy check the transport runs before each handler (§2.1 step 12):
 * true to allow, false to answer `403 Not authorized`. It may also throw an ApiError.
 */
export type Authorize = (rule: string, ctx: RequestContext) => boolean | Promise<boolean>;

/** What is registered under TOKENS.POLICY (core's PolicyEnforcer). */
interface PolicyLike {
  authorize?: (rule: string, ctx: RequestContext) => boolean | Promise<boolean>;
}

/**
 * The policy enforcer registered under TOKENS.POLICY as an Authorize
 * function, or undefined when none is registered (then every rule allows).
 * A registered object without `authorize` is a wiring error: it fails here,
 * at startup, instead of silently allowing everything.
 */
export function authorizerFrom(container: DependencyContainer): Authorize | undefined {
  if (!container.isRegistered(TOKENS.POLICY, true)) return undefined;
  const policy = container.resolve<PolicyLike>(TOKENS.POLICY);
  const check = policy.authorize;
  if (typeof check !== 'function') throw new TypeError('The object registered as TOKENS.POLICY has no authorize(rule, ctx) method');
  return (rule, ctx) => check.call(policy, rule, ctx);
}
