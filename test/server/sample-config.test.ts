/**
 * The checked-in etc/zaqar.conf.sample and docs/configuration.md must be what
 * `npm run gen-config` produces from the options core and every installed
 * plugin declare today; etc/policy.yaml.sample must list the engine's defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY_RULES } from '@zaqarjs/core';
import { generateConfigFiles } from '@zaqarjs/server';
import { REPO, runCli, tempDir } from './cli-process';

const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('generated configuration files', () => {
  let generated: { sample: string; reference: string };
  beforeAll(async () => {
    generated = await generateConfigFiles(path.join(REPO, 'packages/server/dist/gen-config.js'));
  });

  it('etc/zaqar.conf.sample is up to date (run `npm run gen-config` if this fails)', () => {
    expect(read('etc/zaqar.conf.sample')).toBe(generated.sample);
  });

  it('docs/configuration.md is up to date (run `npm run gen-config` if this fails)', () => {
    expect(read('docs/configuration.md')).toBe(generated.reference);
  });

  it('the sample covers core and the installed plugins, every option commented out', () => {
    expect(generated.sample).toContain('# From @zaqarjs/core');
    expect(generated.sample).toContain('[drivers:message_store:sqlalchemy]');
    expect(generated.sample).toMatch(/^#port = 8888$/m);
    expect(generated.sample.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('['))).toEqual([]);
  });
});

describe('zaqar-gen-config --output-file', () => {
  const genConfig = (file: string) =>
    runCli(['--output-file', file], {}, ['timeout', '-s', 'KILL', '20', process.execPath, path.join(REPO, 'packages/server/dist/gen-config.js')]);

  it('creates the missing folders of the file', async () => {
    const file = path.join(tempDir().dir, 'a/b/zaqar.conf.sample');
    expect(await genConfig(file)).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(file, 'utf8')).toContain('[drivers:message_store:sqlalchemy]');
  });

  it('a folder that cannot be made fails with one line (a path under /proc used to spin forever; killed after 20 s)', async () => {
    const result = await genConfig('/proc/zaqar-test/zaqar.conf.sample');
    expect(result).toMatchObject({ code: 1, stderr: "zaqar-gen-config: ENOENT: no such file or directory, mkdir '/proc/zaqar-test'\n" });
  });
});

describe('etc/policy.yaml.sample', () => {
  it('lists every default rule of the policy engine, commented out, with its default check string', () => {
    const rules = new Map<string, string>();
    for (const match of read('etc/policy.yaml.sample').matchAll(/^#"([^"]+)": "([^"]*)"$/gm)) rules.set(match[1], match[2]);
    expect(Object.fromEntries(rules)).toEqual(DEFAULT_POLICY_RULES);
  });

  it('has no active rule (uncommented, it would override the defaults)', () => {
    const active = read('etc/policy.yaml.sample')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(active).toEqual([]);
  });
});
