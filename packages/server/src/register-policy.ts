import { TOKENS, createPolicyEnforcer, registerToken, type Conf, type Logger } from '@zaqarjs/core';
import type { DependencyContainer } from 'tsyringe';

/**
 * Registers the oslo.policy-compatible enforcer under TOKENS.POLICY: the
 * reference's registered defaults overridden by `[oslo_policy] policy_file` and
 * `policy_dirs` (searched in the configuration's directories). A malformed
 * policy file is a ConfigError that stops startup.
 */
export function registerPolicy(container: DependencyContainer, conf: Conf, logger: Logger): void {
  registerToken(container, TOKENS.POLICY, createPolicyEnforcer(conf, logger.child({ component: 'policy' })));
}
