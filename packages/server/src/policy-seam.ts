/**
 * SEAM — policy engine. The enforcer is being written in core/src/policy
 * (`createPolicyEnforcer(conf)`); until core exports it, TOKENS.POLICY stays
 * unregistered and the transports allow every request (their documented
 * fallback). Once the export exists this registers it with no other change.
 * TODO(composition root): import createPolicyEnforcer statically once it ships.
 */
import * as core from '@zaqarjs/core';
import type { Conf, Logger } from '@zaqarjs/core';
import type { DependencyContainer } from 'tsyringe';

type EnforcerFactory = (conf: Conf, logger?: Logger) => unknown;

/** Registers TOKENS.POLICY when core provides a policy engine; returns whether it did. */
export async function registerPolicy(container: DependencyContainer, conf: Conf, logger: Logger): Promise<boolean> {
  const factory = (core as unknown as { createPolicyEnforcer?: EnforcerFactory }).createPolicyEnforcer;
  if (typeof factory !== 'function') {
    logger.debug({ token: 'POLICY' }, 'No policy engine in @zaqarjs/core; every request is allowed');
    return false;
  }
  container.register(core.TOKENS.POLICY, { useValue: await factory(conf, logger) });
  return true;
}
