export { PolicyEnforcer, createPolicyEnforcer, credentialsFromContext, type OsloPolicyConf, type PolicyEnforcerOptions } from './policy-enforcer';
export type { PolicyCredentials, Check } from './checks';
export { parseRule } from './rule-parser';
export { DEFAULT_POLICY_RULES } from './default-rules';
