/**
 * The check tree of an oslo.policy rule and its evaluation,
 * following oslo.policy's `_checks.py` semantics.
 */

/** One node of a parsed rule. */
export type Check =
  | { kind: 'true' }
  /** `!`; also what a rule that does not parse becomes (`unparsable` keeps its text for warnings). */
  | { kind: 'false'; unparsable?: string }
  | { kind: 'not'; check: Check }
  | { kind: 'and'; checks: Check[] }
  | { kind: 'or'; checks: Check[] }
  /** `rule:<name>`: another rule by name. */
  | { kind: 'rule'; name: string }
  /** `role:<name>`: case-insensitive membership in `credentials.roles`. */
  | { kind: 'role'; match: string }
  /** `<key>:<value>`: generic comparison with a credential (or a literal on the left). */
  | { kind: 'generic'; key: string; match: string }
  /** `http:`/`https:` remote check: unsupported, always denies. */
  | { kind: 'remote'; url: string };

/** What the request is allowed as: the request context as a flat dict. */
export interface PolicyCredentials {
  roles: readonly string[];
  project_id?: string | null;
  user?: string | null;
  is_admin: boolean;
  [key: string]: unknown;
}

/** Everything an evaluation needs besides the check itself. */
export interface EvaluationScope {
  /** A rule by name, falling back to the default rule; undefined when neither exists. */
  lookup(name: string): Check | undefined;
  target: Readonly<Record<string, unknown>>;
  credentials: Readonly<PolicyCredentials>;
}

/** Rules referring to each other in a loop would recurse forever; deeper than this is a deny. */
const MAX_RULE_DEPTH = 32;
const NO_MATCH = Symbol('no match');

/**
 * Python's `match % target` for a dict target: `%(name)s` and `%%` are
 * understood; a missing name (oslo's KeyError) or any other conversion
 * yields NO_MATCH, which makes the check false.
 */
function substitute(match: string, target: Readonly<Record<string, unknown>>): string | typeof NO_MATCH {
  let failed = false;
  const out = match.replace(/%(?:\(([^)]*)\)s|%|.?)/g, (whole, name: string | undefined) => {
    if (whole === '%%') return '%';
    if (name === undefined || !(name in target)) {
      failed = true;
      return '';
    }
    return pyStr(target[name]);
  });
  return failed ? NO_MATCH : out;
}

/** Python's `str()` of a credential value. */
function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `ast.literal_eval` of the left side, for forms like `'Member':%(role.name)s` or `True:%(enabled)s`. */
function literalText(key: string): string | undefined {
  const quoted = /^(['"])(.*)\1$/s.exec(key);
  if (quoted) return quoted[2];
  if (key === 'True' || key === 'False' || key === 'None') return key;
  if (/^-?(0|[1-9][0-9]*)$/.test(key)) return BigInt(key).toString();
  if (/^-?[0-9]+\.[0-9]*$/.test(key)) return String(Number(key)).includes('.') ? String(Number(key)) : `${Number(key)}.0`;
  return undefined;
}

/** oslo's `_find_in_dict`: walks dotted keys; a list matches when any element does. */
function findInCredentials(value: unknown, path: readonly string[], match: string): boolean {
  if (path.length === 0) return match === pyStr(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(record, path[0])) return false;
  const next = record[path[0]];
  if (Array.isArray(next)) return next.some((item) => findInCredentials(item, path.slice(1), match));
  return findInCredentials(next, path.slice(1), match);
}

function genericCheck(key: string, rawMatch: string, scope: EvaluationScope): boolean {
  const match = substitute(rawMatch, scope.target);
  if (match === NO_MATCH) return false;
  const literal = literalText(key);
  if (literal !== undefined) return match === literal;
  return findInCredentials(scope.credentials, key.split('.'), match);
}

function roleCheck(rawMatch: string, scope: EvaluationScope): boolean {
  const match = substitute(rawMatch, scope.target);
  if (match === NO_MATCH || !Array.isArray(scope.credentials.roles)) return false;
  const wanted = match.toLowerCase();
  return scope.credentials.roles.some((role) => String(role).toLowerCase() === wanted);
}

/** Evaluates `check`; never throws. */
export function evaluate(check: Check, scope: EvaluationScope, depth = 0): boolean {
  switch (check.kind) {
    case 'true':
      return true;
    case 'false':
    case 'remote':
      return false;
    case 'not':
      return !evaluate(check.check, scope, depth);
    case 'and':
      return check.checks.every((c) => evaluate(c, scope, depth));
    case 'or':
      return check.checks.some((c) => evaluate(c, scope, depth));
    case 'rule': {
      const rule = depth < MAX_RULE_DEPTH ? scope.lookup(check.name) : undefined;
      return rule !== undefined && evaluate(rule, scope, depth + 1);
    }
    case 'role':
      return roleCheck(check.match, scope);
    case 'generic':
      return genericCheck(check.key, check.match, scope);
  }
}

/** Whether any node of the tree is a remote (`http:`/`https:`) check. */
export function hasRemoteCheck(check: Check): boolean {
  switch (check.kind) {
    case 'remote':
      return true;
    case 'not':
      return hasRemoteCheck(check.check);
    case 'and':
    case 'or':
      return check.checks.some(hasRemoteCheck);
    default:
      return false;
  }
}
