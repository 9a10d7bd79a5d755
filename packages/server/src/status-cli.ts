#!/usr/bin/env node
/**
 * `zaqar-status upgrade check`: oslo.upgradecheck's command for this server.
 * Prints the same table and exits as it does: 0 every check succeeded, 1 a
 * warning (works, but look), 2 a failure (the server will not start or serve).
 * The reference checks only for a JSON policy file; this also checks what
 * zaqar-server would refuse at startup (configuration, plugins) and that the
 * stores open, since that is where an upgrade usually breaks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstLine, type TypedConf } from '@zaqarjs/core';
import type { Bootstrapped } from './bootstrap';
import { bootstrapCommand, commandLogger, openSelectedStores, parseCommand, runCommand } from './commands/command-line';

const USAGE = `Usage: zaqar-status [--config-file PATH]... [--config-dir DIR]... upgrade check [--json]

Checks that this release can run with the configuration: exit 0 success, 1 warning, 2 failure.
`;

enum Code {
  Success = 0,
  Warning = 1,
  Failure = 2,
}

interface Result {
  check: string;
  code: Code;
  details?: string;
}

const NAMES = ['Success', 'Warning', 'Failure'];

/** oslo.upgradecheck's table (one bordered column, each check's name, result and details). */
function table(results: readonly Result[]): string {
  const rows: string[][] = results.map((r) => [`Check: ${r.check}`, `Result: ${NAMES[r.code]}`, `Details: ${r.details ?? 'None'}`]);
  const width = Math.max('Upgrade Check Results'.length, ...rows.flat().map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  const line = (text: string) => `| ${text.padEnd(width)} |`;
  return [rule, line('Upgrade Check Results'), rule, ...rows.flatMap((row) => [...row.map(line), rule])].join('\n') + '\n';
}

/** The reference's only check: a policy file still in JSON (deprecated since Wallaby). */
function policyCheck(conf: TypedConf): Result {
  const check = 'policy File JSON to YAML Migration';
  const name = conf.group<{ policy_file: string }>('oslo_policy').policy_file;
  const dirs = [...conf.configDirs, process.cwd()];
  const found = path.isAbsolute(name) ? name : dirs.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
  if (found && /\.json$/i.test(found) && fs.existsSync(found)) {
    return { check, code: Code.Warning, details: `Your policy file ${found} is JSON-formatted; use YAML (oslopolicy-convert-json-to-yaml).` };
  }
  return { check, code: Code.Success };
}

async function storesCheck(booted: Bootstrapped): Promise<Result> {
  const check = 'Message and management stores reachable';
  const { messageStore, managementStore } = booted.selection;
  try {
    const stores = await openSelectedStores(booted);
    await stores.close();
    return { check, code: Code.Success, details: `message_store ${messageStore.name}, management_store ${managementStore.name}` };
  } catch (error) {
    return { check, code: Code.Failure, details: firstLine(error) };
  }
}

runCommand('zaqar-status', async () => {
  let command;
  try {
    command = parseCommand<{ help?: boolean; json?: boolean }>(
      process.argv.slice(2),
      { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
      true,
    );
  } catch (error) {
    process.stderr.write(`zaqar-status: ${firstLine(error)}\n`);
    return 2;
  }
  if (command.values.help) return (void process.stdout.write(USAGE), 0);
  if (command.positionals.join(' ') !== 'upgrade check') {
    process.stderr.write(`zaqar-status: expected "upgrade check" (see --help)\n`);
    return 2;
  }
  const results: Result[] = [];
  let booted: Bootstrapped | undefined;
  try {
    booted = await bootstrapCommand(__filename, command, commandLogger());
    results.push({ check: 'Configuration and plugins', code: Code.Success });
  } catch (error) {
    results.push({ check: 'Configuration and plugins', code: Code.Failure, details: firstLine(error) });
  }
  if (booted) {
    results.push(policyCheck(booted.conf));
    results.push(await storesCheck(booted));
  }
  const code = Math.max(...results.map((r) => r.code));
  if (command.values.json) process.stdout.write(`${JSON.stringify(results.map((r) => ({ ...r, code: NAMES[r.code] })))}\n`);
  else process.stdout.write(table(results));
  return code;
});
