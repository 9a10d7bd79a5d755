import type { RequestContext } from '../api/context';
import type { Conf } from '../config/types';
import type { Logger } from '../util/logger';
import { evaluate, hasRemoteCheck, type Check, type EvaluationScope, type PolicyCredentials } from './checks';
import { DEFAULT_POLICY_RULES } from './default-rules';
import { loadPolicyFiles, type RawRules } from './policy-files';
import { parseRule } from './rule-parser';

/** `[oslo_policy]` as the enforcer reads it. */
export interface OsloPolicyConf {
  policy_file: string;
  policy_dirs: string[];
  policy_default_rule: string;
}

export interface PolicyEnforcerOptions {
  /** Rule used for names without a definition (`[oslo_policy] policy_default_rule`); it must itself be defined. */
  defaultRule?: string;
}

/**
 * Decides whether a request may run an operation (oslo.policy semantics,
 * as the reference evaluates its policy rules). Rules are parsed once; `enforce` is a tree walk.
 */
export class PolicyEnforcer {
  private readonly rules = new Map<string, Check>();
  private readonly defaultRule?: string;

  /** `rules`: name → rule as written (check string, legacy list, or null). */
  constructor(rules: RawRules, options: PolicyEnforcerOptions = {}) {
    for (const [name, rule] of Object.entries(rules)) this.rules.set(name, parseRule(rule));
    this.defaultRule = options.defaultRule;
  }

  /**
   * True when `credentials` satisfy the rule named `rule`. Unknown names use
   * the default rule when it is defined, else deny. `target` is `{}` for every
   * Zaqar operation.
   */
  enforce(rule: string, credentials: PolicyCredentials, target: Readonly<Record<string, unknown>> = {}): boolean {
    const scope: EvaluationScope = { lookup: (name) => this.lookup(name), target, credentials };
    const check = this.lookup(rule);
    return check !== undefined && evaluate(check, scope);
  }

  /** `enforce` with the credentials of a request context (what the HTTP transport calls). */
  authorize(rule: string, ctx: RequestContext): boolean {
    return this.enforce(rule, credentialsFromContext(ctx));
  }

  /** Names of rules that contain an `http:`/`https:` remote check (always denied here). */
  remoteCheckRules(): string[] {
    return [...this.rules].filter(([, check]) => hasRemoteCheck(check)).map(([name]) => name);
  }

  /** Names of rules whose check string does not parse (they always deny, as in oslo.policy). */
  unparsableRules(): string[] {
    return [...this.rules].filter(([, check]) => check.kind === 'false' && check.unparsable !== undefined).map(([name]) => name);
  }

  private lookup(name: string): Check | undefined {
    const check = this.rules.get(name);
    if (check !== undefined || this.defaultRule === undefined || this.defaultRule === '') return check;
    return this.rules.get(this.defaultRule);
  }
}

/**
 * Builds the enforcer from the reference's registered defaults, `[oslo_policy] policy_file`
 * (YAML or JSON, searched in `conf.configDirs`; missing → defaults only) and
 * `policy_dirs` (files in name order override). Throws ConfigError for an
 * unreadable policy file or one that is not a YAML/JSON map of rules. A check
 * string that does not parse is accepted and denies, as in oslo.policy (so a
 * policy.yaml oslo accepts is accepted here); it and remote checks, which also
 * deny, are logged as warnings at startup.
 */
export function createPolicyEnforcer(conf: Conf, logger?: Logger): PolicyEnforcer {
  const options = conf.group<OsloPolicyConf>('oslo_policy');
  const loaded = loadPolicyFiles(options.policy_file, options.policy_dirs, conf.configDirs);
  const enforcer = new PolicyEnforcer({ ...DEFAULT_POLICY_RULES, ...loaded.rules }, { defaultRule: options.policy_default_rule });
  logger?.debug({ files: loaded.files }, 'Policy rules loaded');
  const unparsable = enforcer.unparsableRules();
  if (unparsable.length > 0) logger?.warn({ rules: unparsable }, 'Policy rules that do not parse always deny');
  const remote = enforcer.remoteCheckRules();
  if (remote.length > 0) {
    logger?.warn({ rules: remote }, 'Remote (http/https) policy checks are not supported; these rules deny where the remote check decides');
  }
  return enforcer;
}

/**
 * The credentials Zaqar evaluates rules with: the request context as a
 * dict; `is_admin` is always false.
 */
export function credentialsFromContext(ctx: RequestContext): PolicyCredentials {
  return {
    roles: ctx.roles,
    project_id: ctx.project,
    project: ctx.project,
    user: ctx.userId ?? null,
    is_admin: false,
    request_id: ctx.requestId,
    client_id: ctx.clientId,
    domain: ctx.domain ?? null,
    user_domain: ctx.userDomain ?? null,
    project_domain: ctx.projectDomain ?? null,
  };
}
