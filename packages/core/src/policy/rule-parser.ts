import type { Check } from './checks';

/**
 * Parser of oslo.policy check strings, mirroring
 * oslo.policy's `_parser.py`: whitespace-separated tokens, parentheses peeled
 * off token edges, case-insensitive `and`/`or`/`not` with `not` > `and` > `or`.
 * A string that does not parse is a rule that always denies, as in oslo.
 */

type Token = { type: '(' | ')' | 'and' | 'or' | 'not' | 'string' } | { type: 'check'; check: Check };

const FALSE: Check = { kind: 'false' };

/** One base check such as `role:admin`, `rule:x`, `project_id:%(project_id)s`, `@`, `!`. */
export function parseBaseCheck(text: string): Check {
  if (text === '!') return FALSE;
  if (text === '@') return { kind: 'true' };
  const colon = text.indexOf(':');
  if (colon < 0) return FALSE;
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (kind === 'rule') return { kind: 'rule', name: match };
  if (kind === 'role') return { kind: 'role', match };
  if (kind === 'http' || kind === 'https') return { kind: 'remote', url: text };
  return { kind: 'generic', key: kind, match };
}

function* tokenize(rule: string): Generator<Token> {
  for (const raw of rule.split(/\s+/)) {
    if (raw === '') continue;
    const clean = raw.replace(/^\(+/, '');
    for (let i = 0; i < raw.length - clean.length; i++) yield { type: '(' };
    if (clean === '') continue;
    const inner = clean.replace(/\)+$/, '');
    const lowered = inner.toLowerCase();
    if (lowered === 'and' || lowered === 'or' || lowered === 'not') yield { type: lowered };
    else if (inner !== '') {
      const quoted = clean.length >= 2 && (clean[0] === '"' || clean[0] === "'") && clean[clean.length - 1] === clean[0];
      yield quoted ? { type: 'string' } : { type: 'check', check: parseBaseCheck(inner) };
    }
    for (let i = 0; i < clean.length - inner.length; i++) yield { type: ')' };
  }
}

/** Recursive descent over the token list; `undefined` when the tokens do not form one expression. */
class TokenParser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Check | undefined {
    const check = this.orExpr();
    return check !== undefined && this.at === this.tokens.length ? check : undefined;
  }

  private peek(): Token['type'] | undefined {
    return this.tokens[this.at]?.type;
  }

  private orExpr(): Check | undefined {
    return this.chain('or', () => this.andExpr());
  }

  private andExpr(): Check | undefined {
    return this.chain('and', () => this.notExpr());
  }

  private chain(op: 'and' | 'or', operand: () => Check | undefined): Check | undefined {
    const first = operand();
    if (first === undefined) return undefined;
    const checks = [first];
    while (this.peek() === op) {
      this.at++;
      const next = operand();
      if (next === undefined) return undefined;
      checks.push(next);
    }
    return checks.length === 1 ? first : { kind: op, checks };
  }

  private notExpr(): Check | undefined {
    if (this.peek() !== 'not') return this.atom();
    this.at++;
    const check = this.notExpr();
    return check === undefined ? undefined : { kind: 'not', check };
  }

  private atom(): Check | undefined {
    const token = this.tokens[this.at];
    if (token?.type === 'check') {
      this.at++;
      return token.check;
    }
    if (token?.type !== '(') return undefined;
    this.at++;
    const inner = this.orExpr();
    if (inner === undefined || this.peek() !== ')') return undefined;
    this.at++;
    return inner;
  }
}

/** A check string: `""` always allows; anything unparsable (including only spaces) always denies. */
export function parseTextRule(rule: string): Check {
  if (rule === '') return { kind: 'true' };
  return new TokenParser([...tokenize(rule)]).parse() ?? { kind: 'false', unparsable: rule };
}

/** The deprecated list syntax: a list of AND-lists, OR-ed together (`[]` allows). */
export function parseListRule(rule: readonly unknown[]): Check {
  if (rule.length === 0) return { kind: 'true' };
  const alternatives: Check[] = [];
  for (const inner of rule) {
    if (inner === null || inner === undefined || inner === '' || (Array.isArray(inner) && inner.length === 0)) continue;
    const parts = Array.isArray(inner) ? inner : [inner];
    const checks = parts.map((part) => (typeof part === 'string' ? parseBaseCheck(part) : FALSE));
    alternatives.push(checks.length === 1 ? checks[0] : { kind: 'and', checks });
  }
  if (alternatives.length === 0) return FALSE;
  return alternatives.length === 1 ? alternatives[0] : { kind: 'or', checks: alternatives };
}

/** A rule as written in a policy file: string, legacy list, or empty (null allows, like oslo). */
export function parseRule(rule: unknown): Check {
  if (typeof rule === 'string') return parseTextRule(rule);
  if (rule === null || rule === undefined) return { kind: 'true' };
  if (Array.isArray(rule)) return parseListRule(rule);
  return FALSE;
}
