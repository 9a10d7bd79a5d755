export { PolicyEnforcer, createPolicyEnforcer, credentialsFromContext, type OsloPolicyConf, type PolicyEnforcerOptions } from './policy-enforcer';
export type { PolicyCredentials, Check } from './checks';
export { parseRule } from './rule-parser';
export { DEFAULT_POLICY_RULES } from './default-rules';
export { OPERATION_RULES, isOperation, ruleOf, type Operation } from './operations';
export { authorizeOperation, authorizerFrom, type Authorize } from './authorization';
