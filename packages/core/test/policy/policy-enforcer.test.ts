import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TypedConf, type RawSections } from '../../src/config/conf';
import { ConfigError } from '../../src/config/errors';
import { coreOptionGroups } from '../../src/config/options';
import { OptionRegistry } from '../../src/config/registry';
import type { PolicyCredentials } from '../../src/policy/checks';
import { createPolicyEnforcer, credentialsFromContext, PolicyEnforcer } from '../../src/policy/policy-enforcer';
import type { Logger } from '../../src/util/logger';

const member: PolicyCredentials = { roles: ['Member', 'reader'], project_id: 'p1', user: 'u1', is_admin: false };
const admin: PolicyCredentials = { ...member, roles: ['Admin'] };

/** Evaluates one check string as the rule `r`. */
const allows = (rule: unknown, creds: PolicyCredentials = member, extra: Record<string, unknown> = {}) =>
  new PolicyEnforcer({ r: rule, ...extra }).enforce('r', creds);

describe('rule language', () => {
  it('knows the constant checks', () => {
    expect(allows('')).toBe(true);
    expect(allows('@')).toBe(true);
    expect(allows('!')).toBe(false);
    expect(allows('   ')).toBe(false);
    expect(allows(null)).toBe(true);
  });

  it('matches roles case-insensitively', () => {
    expect(allows('role:member')).toBe(true);
    expect(allows('role:MEMBER')).toBe(true);
    expect(allows('role:admin')).toBe(false);
    expect(allows('role:admin', admin)).toBe(true);
  });

  it('follows rule references; an unknown name denies', () => {
    expect(allows('rule:helper', member, { helper: 'role:reader' })).toBe(true);
    expect(allows('rule:missing')).toBe(false);
    expect(allows('rule:loop', member, { loop: 'rule:loop' })).toBe(false);
  });

  it('compares generic checks with credentials as Python str()', () => {
    expect(allows('project_id:p1')).toBe(true);
    expect(allows('project_id:p2')).toBe(false);
    expect(allows('user:u1')).toBe(true);
    expect(allows('is_admin:False')).toBe(true);
    expect(allows('is_admin:True')).toBe(false);
    expect(allows('roles:reader')).toBe(true);
    expect(allows('nested.key:v', { ...member, nested: { key: 'v' } })).toBe(true);
    expect(allows('user_id:u1')).toBe(false);
  });

  it('substitutes %(attr)s from the target, which is empty in Zaqar', () => {
    expect(allows('project_id:%(project_id)s')).toBe(false);
    expect(allows('role:%(role)s')).toBe(false);
    expect(new PolicyEnforcer({ r: 'project_id:%(project_id)s' }).enforce('r', member, { project_id: 'p1' })).toBe(true);
    expect(new PolicyEnforcer({ r: "'p1':%(project_id)s" }).enforce('r', member, { project_id: 'p1' })).toBe(true);
    expect(new PolicyEnforcer({ r: 'True:%(enabled)s' }).enforce('r', member, { enabled: true })).toBe(true);
  });

  it('gives not > and > or precedence', () => {
    expect(allows('role:admin or role:member and role:reader')).toBe(true);
    expect(allows('role:member or role:admin and role:nobody')).toBe(true);
    expect(allows('role:admin and role:member or role:reader')).toBe(true);
    expect(allows('not role:member and role:reader')).toBe(false);
    expect(allows('not role:admin and role:reader')).toBe(true);
    expect(allows('not role:admin or role:nobody')).toBe(true);
    expect(allows('not not role:member')).toBe(true);
  });

  it('groups with parentheses, also glued to the checks', () => {
    expect(allows('(role:admin or role:member) and role:reader')).toBe(true);
    expect(allows('role:admin or (role:member and role:nobody)')).toBe(false);
    expect(allows('not (role:admin or role:member)')).toBe(false);
    expect(allows('((role:member))')).toBe(true);
  });

  it('treats keywords case-insensitively', () => {
    expect(allows('role:admin OR role:member')).toBe(true);
    expect(allows('NOT role:member')).toBe(false);
    expect(allows('role:member And role:reader')).toBe(true);
  });

  it('denies what does not parse', () => {
    for (const rule of ['role:member or', '(role:member', 'role:member)', 'role:member role:reader', 'member', "'quoted'", 'and', 'not']) {
      expect(allows(rule)).toBe(false);
    }
  });

  it('reads the legacy list syntax as an OR of ANDs', () => {
    expect(allows([])).toBe(true);
    expect(allows([['role:admin'], ['role:member', 'role:reader']])).toBe(true);
    expect(allows([['role:admin'], ['role:member', 'role:nobody']])).toBe(false);
    expect(allows(['role:member'])).toBe(true);
    expect(allows([[]])).toBe(false);
  });

  it('denies remote checks', () => {
    const enforcer = new PolicyEnforcer({ r: 'http://policy.example/check or role:nobody' });
    expect(enforcer.enforce('r', admin)).toBe(false);
    expect(enforcer.remoteCheckRules()).toEqual(['r']);
  });

  it('uses the default rule for unknown names only when it is defined', () => {
    expect(new PolicyEnforcer({ default: 'role:member' }, { defaultRule: 'default' }).enforce('anything', member)).toBe(true);
    expect(new PolicyEnforcer({}, { defaultRule: 'default' }).enforce('anything', member)).toBe(false);
  });
});

describe('createPolicyEnforcer', () => {
  let dir: string;
  const warnings: unknown[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (obj) => warnings.push(obj), error() {}, child: () => logger };
  const conf = (policy: Record<string, string> = {}, dirs: string[] = [dir]) =>
    new TypedConf(new OptionRegistry().register(...coreOptionGroups), { oslo_policy: policy } as RawSections, [], dirs);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-policy-'));
    warnings.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies the Zaqar defaults without a policy file', () => {
    const enforcer = createPolicyEnforcer(conf());
    expect(enforcer.enforce('queues:delete', member)).toBe(true);
    expect(enforcer.enforce('health:get', member)).toBe(false);
    expect(enforcer.enforce('health:get', admin)).toBe(true);
    expect(enforcer.enforce('pools:create', member)).toBe(false);
    expect(enforcer.enforce('flavors:get', member)).toBe(true);
    expect(enforcer.enforce('no:such:rule', admin)).toBe(false);
    expect(enforcer.enforce('context_is_admin', admin)).toBe(true);
    expect(enforcer.enforce('admin_or_owner', admin)).toBe(false);
  });

  it('overrides rules from policy.yaml found in the config directories', () => {
    fs.writeFileSync(
      path.join(dir, 'policy.yaml'),
      '"queues:delete": "role:admin"\n"my_helper": "role:member and not role:readonly"\n"messages:create": "rule:my_helper"\n',
    );
    const enforcer = createPolicyEnforcer(conf());
    expect(enforcer.enforce('queues:delete', member)).toBe(false);
    expect(enforcer.enforce('queues:delete', admin)).toBe(true);
    expect(enforcer.enforce('messages:create', member)).toBe(true);
    expect(enforcer.enforce('messages:create', { ...member, roles: ['member', 'readonly'] })).toBe(false);
    expect(enforcer.enforce('queues:get', member)).toBe(true);
  });

  it('reads JSON policy files and absolute paths', () => {
    const file = path.join(dir, 'custom.json');
    fs.writeFileSync(file, JSON.stringify({ 'ping:get': '!' }));
    expect(createPolicyEnforcer(conf({ policy_file: file }, [])).enforce('ping:get', admin)).toBe(false);
  });

  it('applies policy.d files in name order after the policy file, ignoring dot files', () => {
    fs.writeFileSync(path.join(dir, 'policy.yaml'), '"queues:get": "role:admin"\n"queues:stats": "role:admin"\n');
    fs.mkdirSync(path.join(dir, 'policy.d'));
    fs.writeFileSync(path.join(dir, 'policy.d', '10-open.yaml'), '"queues:get": ""\n"queues:purge": "!"\n');
    fs.writeFileSync(path.join(dir, 'policy.d', '20-close.yaml'), '"queues:purge": "role:member"\n');
    fs.writeFileSync(path.join(dir, 'policy.d', '.hidden.yaml'), '"queues:stats": ""\n');
    const enforcer = createPolicyEnforcer(conf());
    expect(enforcer.enforce('queues:get', member)).toBe(true);
    expect(enforcer.enforce('queues:purge', member)).toBe(true);
    expect(enforcer.enforce('queues:stats', member)).toBe(false);
  });

  it('refuses a malformed policy file at startup', () => {
    fs.writeFileSync(path.join(dir, 'policy.yaml'), '"queues:get": [unclosed\n');
    expect(() => createPolicyEnforcer(conf())).toThrow(ConfigError);
    fs.writeFileSync(path.join(dir, 'policy.yaml'), '"queues:get": 5\n');
    expect(() => createPolicyEnforcer(conf())).toThrow(/rule "queues:get" must be a string/);
  });

  it('warns at startup about remote checks', () => {
    fs.writeFileSync(path.join(dir, 'policy.yaml'), '"queues:get": "https://authz.example/check"\n');
    expect(createPolicyEnforcer(conf(), logger).enforce('queues:get', admin)).toBe(false);
    expect(warnings).toEqual([{ rules: ['queues:get'] }]);
  });

  it('accepts check strings that do not parse, like oslo: they deny, with a startup warning', () => {
    fs.writeFileSync(path.join(dir, 'policy.yaml'), '"queues:delete": "role:admin and ("\n');
    const enforcer = createPolicyEnforcer(conf(), logger);
    expect(enforcer.enforce('queues:delete', admin)).toBe(false);
    expect(enforcer.enforce('queues:get', member)).toBe(true);
    expect(warnings).toEqual([{ rules: ['queues:delete'] }]);
  });
});

describe('credentialsFromContext', () => {
  it('exposes the context as oslo credentials, never admin', () => {
    const creds = credentialsFromContext({ project: 'p', clientId: 'c', roles: ['admin'], requestId: 'r', userId: 'u' });
    expect(creds).toMatchObject({ roles: ['admin'], project_id: 'p', user: 'u', is_admin: false });
    expect(new PolicyEnforcer({ r: 'role:admin and is_admin:False and user:u' }).enforce('r', creds)).toBe(true);
    expect(new PolicyEnforcer({ r: 'role:ADMIN and project_id:p' }).authorize('r', { project: 'p', clientId: 'c', roles: ['admin'], requestId: 'r' })).toBe(
      true,
    );
  });
});
