#!/usr/bin/env node
/**
 * `zaqar-sql-db-manage`: the reference's schema command for the SQL store. Reads
 * zaqar.conf like zaqar-server (same files, directories and OS_* overrides) and
 * works on each store that `[drivers]` sets to `sqlalchemy`, at its
 * `[drivers:<kind>_store:sqlalchemy] uri`. The server also migrates when it opens
 * a store, so this is for operators who prefer to do it before (or who run the
 * server as a user without DDL rights).
 */
import { parseArgs } from 'node:util';
import { coreOptionGroups, firstLine, loadConfig, OptionRegistry, type DriversConf } from '@zaqarjs/core';
import { MANAGEMENT_STORE_GROUP, MANAGEMENT_STORE_OPTIONS, MESSAGE_STORE_GROUP, MESSAGE_STORE_OPTIONS } from '../options';
import type { SchemaComponent } from '../schema/migrator';
import { currentSchemaVersion, headVersion, upgradeSchema } from '../schema/upgrade';

const USAGE = `Usage: zaqar-sql-db-manage [--config-file PATH]... [--config-dir DIR]... COMMAND

Commands:
  upgrade [head]   Create or upgrade the tables of the SQL stores to this release's schema.
  current          Show the schema version of each SQL store.

The stores are those [drivers] message_store / management_store set to sqlalchemy,
at [drivers:message_store:sqlalchemy] uri and [drivers:management_store:sqlalchemy] uri.
`;

interface Store {
  component: SchemaComponent;
  label: string;
  uri: string;
}

/** Names a uri without its credentials. */
function where(uri: string): string {
  return uri.replace(/\/\/[^/@]*@/, '//');
}

function selectedStores(configFiles: string[], configDirs: string[]): Store[] {
  const registry = new OptionRegistry().register(...coreOptionGroups, ...MESSAGE_STORE_OPTIONS, ...MANAGEMENT_STORE_OPTIONS);
  const { conf } = loadConfig({ registry, configFiles, configDirs, env: process.env });
  const drivers = conf.group<DriversConf>('drivers');
  const stores: Store[] = [];
  if (drivers.management_store === 'sqlalchemy') {
    stores.push({ component: 'management', label: 'management store', uri: conf.group<{ uri: string }>(MANAGEMENT_STORE_GROUP).uri });
  }
  if (drivers.message_store === 'sqlalchemy') {
    stores.push({ component: 'message', label: 'message store', uri: conf.group<{ uri: string }>(MESSAGE_STORE_GROUP).uri });
  }
  return stores;
}

async function upgrade(store: Store): Promise<string[]> {
  const result = await upgradeSchema(store.uri, store.component);
  if (result.applied.length === 0) return [`${store.label} at ${where(store.uri)}: already at version ${result.to} (head)`];
  return [
    `${store.label} at ${where(store.uri)}: upgraded from version ${result.from} to ${result.to}`,
    ...result.applied.map((m) => `  applied ${m.version}: ${m.description}`),
  ];
}

async function current(store: Store): Promise<string[]> {
  const version = await currentSchemaVersion(store.uri, store.component);
  const head = headVersion(store.component);
  const state = version === head ? '(head)' : version < head ? `(head is ${head}: run upgrade)` : `(newer than this release's ${head})`;
  return [`${store.label} at ${where(store.uri)}: version ${version} ${state}`];
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.map((arg) => arg.replace(/^--config_(file|dir)(?==|$)/, '--config-$1')),
      allowPositionals: true,
      options: {
        'config-file': { type: 'string', multiple: true },
        'config-dir': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`zaqar-sql-db-manage: ${firstLine(error)} (see --help)\n`);
    return 2;
  }
  const [command, revision, ...extra] = parsed.positionals;
  if (parsed.values.help) return (void process.stdout.write(USAGE), 0);
  const known = (command === 'upgrade' && (revision === undefined || revision === 'head')) || (command === 'current' && revision === undefined);
  if (!known || extra.length > 0) {
    process.stderr.write(`zaqar-sql-db-manage: expected "upgrade [head]" or "current" (see --help)\n`);
    return 2;
  }
  const stores = selectedStores(parsed.values['config-file'] ?? [], parsed.values['config-dir'] ?? []);
  if (stores.length === 0) {
    process.stdout.write('Neither [drivers] message_store nor management_store is sqlalchemy: nothing to do.\n');
    return 0;
  }
  for (const store of stores) {
    const lines = command === 'upgrade' ? await upgrade(store) : await current(store);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`zaqar-sql-db-manage: ${firstLine(error)}\n`);
    process.exitCode = 1;
  },
);
