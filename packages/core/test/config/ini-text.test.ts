import { TypedConf } from '../../src/config/conf';
import { ConfigError } from '../../src/config/errors';
import { parseIniText } from '../../src/config/ini-text';
import { OptionRegistry } from '../../src/config/registry';
import type { OptionGroup } from '../../src/config/types';

const parse = (text: string) => parseIniText(text, 'zaqar.conf');

describe('parseIniText: the ini package traps', () => {
  it('keeps # and ; inside a value (only a line start begins a comment)', () => {
    const { sections } = parse('[signed_url]\nsecret_key = pa#ss;word # not a comment\n');
    expect(sections.signed_url.secret_key).toBe('pa#ss;word # not a comment');
  });

  it('skips comment lines starting with # or ;', () => {
    const { sections } = parse('# header\n[DEFAULT]\n; debug = true\n#admin_mode = true\npooling = false\n');
    expect(sections.DEFAULT).toEqual({ pooling: 'false' });
  });

  it('keeps True as text: the declared type decides (bool here, string elsewhere)', () => {
    const { sections } = parse('[DEFAULT]\nadmin_mode = True\n[drivers]\nmessage_store = True\n');
    expect(sections.DEFAULT.admin_mode).toBe('True');
    const registry = new OptionRegistry().register(
      { group: 'DEFAULT', owner: 't', options: [{ name: 'admin_mode', type: 'bool', default: false, help: '' }] },
      { group: 'drivers', owner: 't', options: [{ name: 'message_store', type: 'string', help: '' }] },
    );
    const conf = new TypedConf(registry, sections);
    expect(conf.group('DEFAULT').admin_mode).toBe(true);
    expect(conf.group('drivers').message_store).toBe('True');
  });

  it('lets the last of repeated keys win and warns with file and line', () => {
    const { sections, warnings } = parse('[drivers]\nmessage_store = redis\nmessage_store = sqlalchemy\n');
    expect(sections.drivers.message_store).toBe('sqlalchemy');
    expect(warnings).toEqual(['zaqar.conf:3: [drivers] message_store is set more than once; the last value wins']);
  });

  it('joins continuation lines (leading whitespace) with newlines; a blank line ends the value', () => {
    const text = '[storage]\nmessage_pipeline = a,\n    b,\n\tc\n\n[DEFAULT]\ndebug = true\n';
    const { sections } = parse(text);
    expect(sections.storage.message_pipeline).toBe('a,\nb,\nc');
    expect(sections.DEFAULT.debug).toBe('true');
  });

  it('turns a continued list into its items', () => {
    const registry = new OptionRegistry().register({
      group: 'storage',
      owner: 't',
      options: [{ name: 'message_pipeline', type: 'list', default: [], help: '' }],
    });
    const conf = new TypedConf(registry, parse('[storage]\nmessage_pipeline = zaqar.notification.notifier,\n  other.stage\n').sections);
    expect(conf.group('storage').message_pipeline).toEqual(['zaqar.notification.notifier', 'other.stage']);
  });

  it('accepts key: value, splitting at whichever separator comes first', () => {
    const { sections } = parse('[drivers:message_store:redis]\nuri = redis://:secret@host:6379?dbid=0\nname: a=b\n');
    expect(sections['drivers:message_store:redis']).toEqual({ uri: 'redis://:secret@host:6379?dbid=0', name: 'a=b' });
  });

  it('strips one pair of matching quotes, keeping the inside verbatim', () => {
    const { sections } = parse(`[DEFAULT]\na = "quoted # value"\nb = 'x'\nc = "mismatched'\nd = ""\n`);
    expect(sections.DEFAULT).toEqual({ a: 'quoted # value', b: 'x', c: `"mismatched'`, d: '' });
  });

  it('lower-cases section names except DEFAULT, and allows empty values', () => {
    const { sections } = parse('[Drivers]\ntransport =\n[DEFAULT]\nx=1\n');
    expect(sections.drivers).toEqual({ transport: '' });
    expect(sections.DEFAULT).toEqual({ x: '1' });
  });

  it('ignores a __proto__ key without polluting prototypes', () => {
    const { sections } = parse('[DEFAULT]\n__proto__ = polluted\nadmin_mode = true\n');
    expect(Object.keys(sections.DEFAULT)).toEqual(['admin_mode']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['[DEFAULT]\njust words\n', "Cannot parse zaqar.conf:2: No ':' or '=' found in assignment: \"just words\""],
    ['debug = true\n', 'Cannot parse zaqar.conf:1: Section must be started before assignment: "debug = true"'],
    ['  indented = first\n', 'Cannot parse zaqar.conf:1: Unexpected continuation line: "  indented = first"'],
    ['[DEFAULT\n', 'Cannot parse zaqar.conf:1: Invalid section (must end with ]): "[DEFAULT"'],
    ['[]\n', 'Cannot parse zaqar.conf:1: Empty section name: "[]"'],
    ['[DEFAULT]\n= value\n', 'Cannot parse zaqar.conf:2: Key cannot be empty: "= value"'],
  ])('rejects %j with one line naming file and line', (text, message) => {
    expect(() => parse(text)).toThrow(new ConfigError(message));
  });

  it('handles CRLF files and a byte-order mark', () => {
    const { sections } = parse('\uFEFF[DEFAULT]\r\ndebug = true\r\n');
    expect(sections.DEFAULT).toEqual({ debug: 'true' });
  });
});

describe('coercion errors name section, option and value', () => {
  const groups: OptionGroup[] = [
    {
      group: 'drivers:transport:wsgi',
      owner: 't',
      options: [
        { name: 'port', type: 'port', default: 8888, help: '' },
        { name: 'bind', type: 'host', default: '127.0.0.1', help: '' },
      ],
    },
    {
      group: 'transport',
      owner: 't',
      options: [
        { name: 'default_message_ttl', type: 'int', default: 3600, min: 60, help: '' },
        { name: 'client_id_uuid_safe', type: 'string', default: 'strict', choices: ['strict', 'off'], help: '' },
      ],
    },
    { group: 'DEFAULT', owner: 't', options: [{ name: 'debug', type: 'bool', default: false, help: '' }] },
    { group: 'signed_url', owner: 't', options: [{ name: 'secret_key', type: 'int', secret: true, help: '' }] },
  ];
  const confOf = (text: string) => new TypedConf(new OptionRegistry().register(...groups), parse(text).sections);

  it.each([
    ['[drivers:transport:wsgi]\nport = abc\n', 'drivers:transport:wsgi', 'Invalid value "abc" for [drivers:transport:wsgi] port: expected an integer'],
    [
      '[drivers:transport:wsgi]\nport = 70000\n',
      'drivers:transport:wsgi',
      'Invalid value "70000" for [drivers:transport:wsgi] port: expected a port number between 0 and 65535',
    ],
    [
      '[drivers:transport:wsgi]\nbind = not a host\n',
      'drivers:transport:wsgi',
      'Invalid value "not a host" for [drivers:transport:wsgi] bind: expected an IP address or host name',
    ],
    ['[transport]\ndefault_message_ttl = 10\n', 'transport', 'Invalid value "10" for [transport] default_message_ttl: must be at least 60'],
    ['[transport]\nclient_id_uuid_safe = loose\n', 'transport', 'Invalid value "loose" for [transport] client_id_uuid_safe: must be one of "strict", "off"'],
    ['[DEFAULT]\ndebug = maybe\n', 'DEFAULT', 'Invalid value "maybe" for [DEFAULT] debug: expected a boolean (true/false, yes/no, on/off, 1/0)'],
    ['[signed_url]\nsecret_key = hunter2\n', 'signed_url', 'Invalid value *** for [signed_url] secret_key: expected an integer'],
  ])('%j', (text, group, message) => {
    const conf = confOf(text);
    expect(() => conf.group(group)).toThrow(new ConfigError(message));
    expect(() => confOf(text).validate()).toThrow(ConfigError);
  });

  it('accepts every boolean spelling, case-insensitively', () => {
    for (const word of ['true', 'TRUE', 'yes', 'On', '1']) expect(confOf(`[DEFAULT]\ndebug = ${word}\n`).group('DEFAULT').debug).toBe(true);
    for (const word of ['false', 'No', 'off', '0']) expect(confOf(`[DEFAULT]\ndebug = ${word}\n`).group('DEFAULT').debug).toBe(false);
  });
});
