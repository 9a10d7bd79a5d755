#!/usr/bin/env node
/**
 * `zaqar-gen-config`: writes the sample configuration (and optionally the
 * Markdown reference) from every declared option, like oslo-config-generator.
 * Without `--output-file` the sample goes to stdout. `--check` compares instead
 * of writing and exits 1 when a file is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { firstLine, makeDirectory } from '@zaqarjs/core';
import { generateConfigFiles } from './option-catalog';

const USAGE = `Usage: zaqar-gen-config [--output-file PATH] [--docs-file PATH] [--check]

Generates zaqar.conf.sample from the options of @zaqarjs/core and every installed plugin.
  --output-file PATH  Write the sample here (default: standard output).
  --docs-file PATH    Also write the Markdown configuration reference here.
  --check             Do not write; exit 1 if a named file differs from what would be generated.
  --plugin-dir DIR    Also include the plugins in DIR (repeatable).
`;

/** Writes (or, with `check`, compares) one output; returns false when a checked file is stale. */
function emit(file: string, text: string, check: boolean): boolean {
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === text) return true;
    process.stderr.write(`zaqar-gen-config: ${file} is out of date; run npm run gen-config\n`);
    return false;
  }
  makeDirectory(path.dirname(path.resolve(file)));
  fs.writeFileSync(file, text);
  return true;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'output-file': { type: 'string' },
      'docs-file': { type: 'string' },
      'plugin-dir': { type: 'string', multiple: true },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (void process.stdout.write(USAGE), 0);
  const pluginDirs = (values['plugin-dir'] ?? []).map((dir) => ({ dir, origin: '--plugin-dir' }));
  const { sample, reference } = await generateConfigFiles(__filename, pluginDirs);
  const check = values.check ?? false;
  let fresh = true;
  if (values['output-file']) fresh = emit(values['output-file'], sample, check) && fresh;
  else process.stdout.write(sample);
  if (values['docs-file']) fresh = emit(values['docs-file'], reference, check) && fresh;
  return fresh ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`zaqar-gen-config: ${firstLine(error)}\n`);
    process.exitCode = 1;
  },
);
