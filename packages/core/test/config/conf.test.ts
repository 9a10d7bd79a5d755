import { TypedConf, envVarName } from '../../src/config/conf';
import { ConfigError } from '../../src/config/errors';
import { parseIniText } from '../../src/config/ini-text';
import { coreOptionGroups } from '../../src/config/options';
import { OptionRegistry } from '../../src/config/registry';

const confOf = (text: string, env: Record<string, string> = {}) =>
  new TypedConf(new OptionRegistry().register(...coreOptionGroups), parseIniText(text, 'zaqar.conf').sections, [], [], { env });

describe('TypedConf', () => {
  it('applies declared defaults with no file at all', () => {
    const conf = confOf('');
    expect(conf.group('drivers')).toEqual({ transport: ['wsgi'], message_store: 'sqlalchemy', management_store: 'sqlalchemy' });
    expect(conf.group('drivers:transport:wsgi')).toEqual({ bind: '127.0.0.1', port: 8888, metrics: false, metrics_top_queues: 10 });
    expect(conf.validate()).toEqual([]);
  });

  it('freezes groups, lists included', () => {
    const transport = confOf('').group<{ subscriber_types: string[] }>('transport');
    expect(Object.isFrozen(transport)).toBe(true);
    expect(() => transport.subscriber_types.push('x')).toThrow(TypeError);
  });

  describe('environment overrides OS_<GROUP>__<OPTION>', () => {
    it('names variables like oslo.config', () => {
      expect(envVarName('drivers', 'transport')).toBe('OS_DRIVERS__TRANSPORT');
      expect(envVarName('DEFAULT', 'admin_mode')).toBe('OS_DEFAULT__ADMIN_MODE');
    });

    it('beat the files and are coerced by declared type', () => {
      const conf = confOf('[transport]\nmax_messages_per_page = 5\n', { OS_TRANSPORT__MAX_MESSAGES_PER_PAGE: '7', OS_DEFAULT__ADMIN_MODE: 'True' });
      expect(conf.group('transport').max_messages_per_page).toBe(7);
      expect(conf.group('DEFAULT').admin_mode).toBe(true);
    });

    it('reach sections with colons too', () => {
      expect(confOf('', { 'OS_DRIVERS:TRANSPORT:WSGI__PORT': '9999' }).group('drivers:transport:wsgi').port).toBe(9999);
    });

    it('name the variable when the value is wrong', () => {
      expect(() => confOf('', { OS_DRIVERS__TRANSPORT: 'wsgi', 'OS_DRIVERS:TRANSPORT:WSGI__PORT': 'abc' }).validate()).toThrow(
        new ConfigError(
          'Invalid value "abc" for [drivers:transport:wsgi] port: expected an integer (from environment variable OS_DRIVERS:TRANSPORT:WSGI__PORT)',
        ),
      );
    });

    it('are ignored unless passed in (tests constructing TypedConf stay hermetic)', () => {
      process.env.OS_DEFAULT__DEBUG = 'true';
      try {
        expect(new TypedConf(new OptionRegistry().register(...coreOptionGroups), {}).group('DEFAULT').debug).toBe(false);
      } finally {
        delete process.env.OS_DEFAULT__DEBUG;
      }
    });
  });

  describe('deprecated names', () => {
    it('are read when the option itself is absent, with a warning naming the replacement', () => {
      const conf = confOf('[limits:transport]\nmessage_paging_uplimit = 3\n[DEFAULT]\nsharding = true\n');
      expect(conf.group('transport').max_messages_per_page).toBe(3);
      expect(conf.group('DEFAULT').pooling).toBe(true);
      expect(conf.validate()).toEqual(
        expect.arrayContaining([
          '[limits:transport] message_paging_uplimit is deprecated; use [transport] max_messages_per_page',
          '[DEFAULT] sharding is deprecated; use [DEFAULT] pooling',
        ]),
      );
    });

    it('lose to the option itself', () => {
      expect(confOf('[limits:transport]\nmessage_paging_uplimit = 3\n[transport]\nmax_messages_per_page = 4\n').group('transport').max_messages_per_page).toBe(
        4,
      );
    });

    it('name the deprecated key in a coercion error', () => {
      expect(() => confOf('[limits:transport]\nmessage_paging_uplimit = many\n').group('transport')).toThrow(
        new ConfigError('Invalid value "many" for [limits:transport] message_paging_uplimit: expected an integer'),
      );
    });
  });

  it('warns about unknown options of declared sections and ignores undeclared sections', () => {
    const conf = confOf('[drivers]\nmesage_store = redis\n[keystone_authtoken]\nauth_url = http://k\n');
    expect(conf.validate()).toEqual(['Unknown option [drivers] mesage_store is ignored']);
    expect(conf.raw('keystone_authtoken')).toEqual({ auth_url: 'http://k' });
  });

  describe('$ substitution', () => {
    it('replaces $option from the same group, then DEFAULT', () => {
      const conf = confOf('[DEFAULT]\ndata_dir = /var/lib/zaqar\nlog_file = $data_dir/zaqar.log\n[oslo_policy]\npolicy_file = $data_dir/policy.yaml\n');
      expect(conf.group('DEFAULT').log_file).toBe('/var/lib/zaqar/zaqar.log');
      expect(conf.group('oslo_policy').policy_file).toBe('/var/lib/zaqar/policy.yaml');
    });

    it('replaces ${group.option}, falls back to defaults, and keeps $$ and stray $ literal', () => {
      const conf = confOf('[signed_url]\nsecret_key = ${drivers.message_store}-$$x-pa$-\\$y-$1\n');
      expect(conf.group('signed_url').secret_key).toBe('sqlalchemy-$x-pa$-$y-$1');
    });

    it('substitutes the referenced option as configured (env included) and follows chains', () => {
      const conf = confOf('[DEFAULT]\ndata_dir = $log_file\nlog_file = /srv\n[oslo_policy]\npolicy_file = $data_dir/p.yaml\n', {
        OS_DEFAULT__LOG_FILE: '/env',
      });
      expect(conf.group('oslo_policy').policy_file).toBe('/env/p.yaml');
    });

    it('rejects an unknown reference, as oslo does, saying how to write a literal $', () => {
      expect(() => confOf('[signed_url]\nsecret_key = pa$word\n').group('signed_url')).toThrow(
        new ConfigError('[signed_url] secret_key refers to unknown option $word (write $$ for a literal $)'),
      );
    });

    it('rejects a reference cycle', () => {
      expect(() => confOf('[DEFAULT]\ndata_dir = $log_file\nlog_file = $data_dir\n').group('DEFAULT')).toThrow(ConfigError);
    });
  });

  it('picks up groups a plugin registers after construction', () => {
    const registry = new OptionRegistry().register(...coreOptionGroups);
    const conf = new TypedConf(registry, parseIniText('[drivers:message_store:redis]\nuri = redis://h\n', 'f').sections);
    expect(() => conf.group('drivers:message_store:redis')).toThrow(
      new ConfigError('Configuration group [drivers:message_store:redis] is not declared by any loaded package'),
    );
    registry.register({ group: 'drivers:message_store:redis', owner: 'p', options: [{ name: 'uri', type: 'string', secret: true, help: '' }] });
    expect(conf.group('drivers:message_store:redis').uri).toBe('redis://h');
  });
});
