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
import { currentSchemaVersion, headVersion, migrationProblems, MIGRATIONS, stampSchema, upgradeSchema } from '../schema/upgrade';

const USAGE = `Usage: zaqar-sql-db-manage [--config-file PATH]... [--config-dir DIR]... COMMAND

Commands (alembic's names; versions are plain numbers per store, "head" is the newest):
  upgrade [head]   Create or upgrade the tables of the SQL stores to this release's schema.
  current          Show the schema version of each SQL store.
  history          List this release's schema versions (no database is opened).
  stamp REVISION   Record REVISION (a number or head) as each store's version without migrating.
  check_migration  Check that the migration list is linear (alembic's branches); exit 1 if not.

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

async function stamp(store: Store, revision: string): Promise<string[]> {
  const head = headVersion(store.component);
  const version = revision === 'head' ? head : Number(revision);
  if (version > head) throw new Error(`${store.label}: no version ${version} (head is ${head})`);
  await stampSchema(store.uri, store.component, version);
  return [`${store.label} at ${where(store.uri)}: stamped version ${version}${version === head ? ' (head)' : ''}`];
}

function history(): string {
  return (['message', 'management'] as const)
    .map((component) => {
      const head = headVersion(component);
      const lines = [...MIGRATIONS[component]].reverse().map((m) => `  ${m.version}: ${m.description}${m.version === head ? ' (head)' : ''}`);
      return `${component} store:\n${lines.join('\n')}\n`;
    })
    .join('');
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
  const known =
    (command === 'upgrade' && (revision === undefined || revision === 'head')) ||
    (command === 'stamp' && revision !== undefined && /^(head|\d+)$/.test(revision)) ||
    (['current', 'history', 'check_migration'].includes(command) && revision === undefined);
  if (!known || extra.length > 0) {
    const why = ['downgrade', 'revision', 'branches'].includes(command) ? `"${command}" is not supported (schemas only move forward); ` : '';
    process.stderr.write(`zaqar-sql-db-manage: ${why}expected upgrade [head], current, history, stamp REVISION or check_migration (see --help)\n`);
    return 2;
  }
  if (command === 'history') return (void process.stdout.write(history()), 0);
  if (command === 'check_migration') {
    const problems = [...migrationProblems('message'), ...migrationProblems('management')];
    process.stdout.write(problems.length === 0 ? 'Migrations are linear: no branches.\n' : `${problems.join('\n')}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  const stores = selectedStores(parsed.values['config-file'] ?? [], parsed.values['config-dir'] ?? []);
  if (stores.length === 0) {
    process.stdout.write('Neither [drivers] message_store nor management_store is sqlalchemy: nothing to do.\n');
    return 0;
  }
  for (const store of stores) {
    const lines = command === 'upgrade' ? await upgrade(store) : command === 'stamp' ? await stamp(store, revision!) : await current(store);
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
