import { renderConfigReference, renderSampleConfig } from '../../src/config/sample';
import type { OptionGroup } from '../../src/config/types';

const groups: OptionGroup[] = [
  {
    group: 'transport',
    owner: '@zaqarjs/core',
    options: [
      {
        name: 'max_claim_ttl',
        type: 'int',
        default: 43200,
        min: 60,
        help: 'Max claim TTL in seconds.',
        deprecatedNames: [{ group: 'limits:transport', name: 'claim_ttl_max' }],
      },
    ],
  },
  {
    group: 'DEFAULT',
    owner: '@zaqarjs/core',
    options: [{ name: 'auth_strategy', type: 'string', default: '', choices: ['', 'keystone'], help: 'Authentication.' }],
  },
  {
    group: 'drivers:message_store:redis',
    owner: '@zaqarjs/store-redis',
    options: [
      { name: 'uri', type: 'string', secret: true, default: 'redis://127.0.0.1:6379', help: 'Redis URI.' },
      { name: 'sentinel', type: 'host', help: 'Unset by default.' },
    ],
  },
  { group: 'DEFAULT', owner: '@zaqarjs/other', options: [{ name: 'tags', type: 'dict', default: { a: 'x, y', b: 'z' }, help: 'A dict.' }] },
];

describe('renderSampleConfig', () => {
  it('writes oslo-config-generator layout: DEFAULT first, sections by name, one block per owner, all commented out', () => {
    expect(renderSampleConfig(groups)).toBe(
      [
        '[DEFAULT]',
        '',
        '#',
        '# From @zaqarjs/core',
        '#',
        '',
        '# Authentication. (string value)',
        "# Possible values: '', keystone",
        '#auth_strategy =',
        '',
        '#',
        '# From @zaqarjs/other',
        '#',
        '',
        '# A dict. (dict value)',
        "#tags = a:'x, y',b:z",
        '',
        '',
        '[drivers:message_store:redis]',
        '',
        '#',
        '# From @zaqarjs/store-redis',
        '#',
        '',
        '# Redis URI. (string value)',
        '#uri = redis://127.0.0.1:6379',
        '',
        '# Unset by default. (host address value)',
        '#sentinel = <None>',
        '',
        '',
        '[transport]',
        '',
        '#',
        '# From @zaqarjs/core',
        '#',
        '',
        '# Max claim TTL in seconds. (integer value)',
        '# Minimum value: 60',
        '# Deprecated group/name - [limits:transport]/claim_ttl_max',
        '#max_claim_ttl = 43200',
        '',
      ].join('\n'),
    );
  });

  it('wraps long help at 70 columns', () => {
    const long = 'word '.repeat(40).trim();
    const text = renderSampleConfig([{ group: 'DEFAULT', owner: 'o', options: [{ name: 'x', type: 'bool', default: true, help: long }] }]);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(70);
  });
});

describe('renderConfigReference', () => {
  it('has one table per section with type, default and notes', () => {
    const text = renderConfigReference(groups);
    expect(text).toContain('## [transport]');
    expect(text).toContain(
      '| `max_claim_ttl` | integer | `43200` | Max claim TTL in seconds. Range: 60 to …. Deprecated names: [limits:transport] claim_ttl_max. |',
    );
    expect(text).toContain("| `auth_strategy` | string | (empty) | Authentication. One of: `''`, `keystone`. |");
  });
});
