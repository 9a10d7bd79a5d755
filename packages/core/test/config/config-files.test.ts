import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfigSources, standardSearchDirs } from '../../src/config/config-files';
import { ConfigError } from '../../src/config/errors';
import { loadConfig } from '../../src/config/load-config';
import { coreOptionGroups } from '../../src/config/options';
import { OptionRegistry } from '../../src/config/registry';

/** A fake filesystem root with a home and an /etc, so the real machine's files never interfere. */
function sandbox() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-lookup-'));
  const home = path.join(root, 'home');
  const etc = path.join(root, 'etc');
  const searchDirs = [path.join(home, '.zaqar'), home, path.join(etc, 'zaqar'), etc];
  const write = (file: string, text = '[DEFAULT]\n') => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  return { root, home, etc, searchDirs, write };
}

describe('resolveConfigSources (oslo.config lookup)', () => {
  it('lists the standard directories in oslo order', () => {
    expect(standardSearchDirs('zaqar', '/home/u')).toEqual(['/home/u/.zaqar', '/home/u', '/etc/zaqar', '/etc']);
    expect(standardSearchDirs('zaqar', '/h', { SNAP_COMMON: '/sc', SNAP: '/s' })).toEqual([
      '/h/.zaqar',
      '/h',
      '/etc/zaqar',
      '/etc',
      '/sc/etc/zaqar',
      '/s/etc/zaqar',
    ]);
  });

  it('takes the first existing zaqar.conf: ~/.zaqar, then ~, then /etc/zaqar, then /etc', () => {
    const s = sandbox();
    const etcFile = s.write(path.join(s.etc, 'zaqar.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs }).files).toEqual([etcFile]);
    const etcZaqar = s.write(path.join(s.etc, 'zaqar', 'zaqar.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs }).files).toEqual([etcZaqar]);
    const homeFile = s.write(path.join(s.home, 'zaqar.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs }).files).toEqual([homeFile]);
    const dotFile = s.write(path.join(s.home, '.zaqar', 'zaqar.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs }).files).toEqual([dotFile]);
  });

  it('also takes <prog>.conf, after zaqar.conf', () => {
    const s = sandbox();
    const main = s.write(path.join(s.etc, 'zaqar', 'zaqar.conf'));
    const prog = s.write(path.join(s.home, 'zaqar-server.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs, prog: 'zaqar-server' }).files).toEqual([main, prog]);
  });

  it('finds nothing when no default file exists', () => {
    const s = sandbox();
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs })).toEqual({ files: [], configDirs: s.searchDirs });
  });

  it('uses only the --config-file values when given, in order', () => {
    const s = sandbox();
    s.write(path.join(s.etc, 'zaqar.conf'));
    const a = s.write(path.join(s.root, 'a.conf'));
    const b = s.write(path.join(s.root, 'b.conf'));
    expect(resolveConfigSources({ configFiles: [b, a], home: s.home, searchDirs: s.searchDirs }).files).toEqual([b, a]);
  });

  it('expands ~ in --config-file', () => {
    const s = sandbox();
    const file = s.write(path.join(s.home, 'my.conf'));
    expect(resolveConfigSources({ configFiles: ['~/my.conf'], home: s.home, searchDirs: s.searchDirs }).files).toEqual([file]);
  });

  it('fails on a missing --config-file with one line', () => {
    const s = sandbox();
    const missing = path.join(s.root, 'nope.conf');
    expect(() => resolveConfigSources({ configFiles: [missing], home: s.home, searchDirs: s.searchDirs })).toThrow(
      new ConfigError(`Failed to find some config files: ${missing}`),
    );
  });

  it('adds every *.conf of --config-dir, sorted, after the files', () => {
    const s = sandbox();
    const main = s.write(path.join(s.root, 'main.conf'));
    const dir = path.join(s.root, 'conf.d');
    const b = s.write(path.join(dir, '20-b.conf'));
    const a = s.write(path.join(dir, '10-a.conf'));
    s.write(path.join(dir, 'ignored.txt'));
    fs.mkdirSync(path.join(dir, 'sub.conf'));
    const sources = resolveConfigSources({ configFiles: [main], configDirs: [dir], home: s.home, searchDirs: s.searchDirs });
    expect(sources.files).toEqual([main, a, b]);
    expect(sources.configDirs.slice(0, 2)).toEqual([dir, s.root]);
  });

  it('uses a default zaqar.conf.d when no --config-dir is given', () => {
    const s = sandbox();
    const main = s.write(path.join(s.etc, 'zaqar', 'zaqar.conf'));
    const extra = s.write(path.join(s.etc, 'zaqar', 'zaqar.conf.d', 'x.conf'));
    expect(resolveConfigSources({ home: s.home, searchDirs: s.searchDirs }).files).toEqual([main, extra]);
  });

  it('fails on a --config-dir that cannot be read', () => {
    const s = sandbox();
    const dir = path.join(s.root, 'missing.d');
    expect(() => resolveConfigSources({ configDirs: [dir], home: s.home, searchDirs: s.searchDirs })).toThrow(
      new ConfigError(`Failed to read config file directory: ${dir}`),
    );
  });
});

describe('loadConfig', () => {
  const registry = () => new OptionRegistry().register(...coreOptionGroups);

  it('lets later files override earlier ones option by option, then the environment override both', () => {
    const s = sandbox();
    const first = s.write(path.join(s.root, '1.conf'), '[transport]\nmax_messages_per_page = 5\nmax_queues_per_page = 6\n');
    const second = s.write(path.join(s.root, '2.conf'), '[transport]\nmax_messages_per_page = 7\n');
    const dir = path.join(s.root, 'd');
    s.write(path.join(dir, 'z.conf'), '[transport]\nmax_claim_ttl = 100\n');
    const { conf, files } = loadConfig({
      registry: registry(),
      configFiles: [first, second],
      configDirs: [dir],
      home: s.home,
      searchDirs: s.searchDirs,
      env: { OS_TRANSPORT__MAX_CLAIM_TTL: '200' },
    });
    expect(files).toHaveLength(3);
    expect(conf.group('transport')).toMatchObject({ max_messages_per_page: 7, max_queues_per_page: 6, max_claim_ttl: 200 });
    expect(conf.files).toEqual(files);
  });

  it('reports repeated keys as warnings and parse errors with the file name', () => {
    const s = sandbox();
    const file = s.write(path.join(s.root, 'dup.conf'), '[DEFAULT]\ndebug = true\ndebug = false\n');
    expect(loadConfig({ registry: registry(), configFiles: [file], home: s.home, searchDirs: s.searchDirs }).warnings).toEqual([
      `${file}:3: [DEFAULT] debug is set more than once; the last value wins`,
    ]);
    const bad = s.write(path.join(s.root, 'bad.conf'), 'debug\n');
    expect(() => loadConfig({ registry: registry(), configFiles: [bad], home: s.home, searchDirs: s.searchDirs })).toThrow(`Cannot parse ${bad}:1`);
  });
});
