import { DEFAULT_POLICY_RULES, OPERATION_RULES, authorizeOperation, isOperation, ruleOf } from '../../src';
import type { RequestContext } from '../../src';

const ctx: RequestContext = { project: 'p', clientId: 'c', roles: [], requestId: 'r' };

describe('the operation table', () => {
  it('names only rules that have a registered default', () => {
    const rules = Object.values(OPERATION_RULES).filter((rule): rule is string => rule !== null);
    expect(rules.filter((rule) => !(rule in DEFAULT_POLICY_RULES))).toEqual([]);
  });

  it('covers every registered operation rule', () => {
    const used = new Set(Object.values(OPERATION_RULES));
    const unused = Object.keys(DEFAULT_POLICY_RULES).filter((rule) => !used.has(rule) && rule !== 'context_is_admin' && rule !== 'admin_or_owner');
    expect(unused).toEqual([]);
  });

  it('maps operations to rules; versions and the home document are public', () => {
    expect(ruleOf('message_post')).toBe('messages:create');
    expect(ruleOf('health')).toBe('health:get');
    expect(ruleOf('versions')).toBeNull();
    expect(isOperation('queue_create')).toBe(true);
    expect(isOperation('toString')).toBe(false);
  });

  it("authorizes by the operation's rule and refuses with HTTP's 403", async () => {
    const asked: string[] = [];
    const deny = (rule: string) => (asked.push(rule), false);
    await expect(authorizeOperation(deny, 'claim_create', ctx)).rejects.toMatchObject({
      status: 403,
      title: 'Not authorized',
      description: 'You are not authorized to complete this action.',
    });
    await expect(authorizeOperation(deny, 'home_document', ctx)).resolves.toBeUndefined();
    await expect(authorizeOperation(undefined, 'claim_create', ctx)).resolves.toBeUndefined();
    expect(asked).toEqual(['claims:create']);
  });
});
