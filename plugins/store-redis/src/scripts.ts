import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';

/** Folder of the .lua files (shipped next to dist/, see package.json `files`). */
const LUA_DIR = join(__dirname, '..', 'lua');

/** Each script: its file and the helper files prepended to it. */
const SCRIPT_FILES = {
  postMessages: ['common', 'post_messages'],
  listMessages: ['common', 'list_messages'],
  getMessages: ['common', 'get_messages'],
  popMessages: ['common', 'pop_messages'],
  deleteMessage: ['common', 'delete_message'],
  bulkDelete: ['common', 'bulk_delete'],
  queueStats: ['common', 'queue_stats'],
  purgeQueue: ['common', 'purge_queue'],
  collectGarbage: ['common', 'collect_garbage'],
  claimMessages: ['common', 'claim_messages'],
  getClaim: ['common', 'get_claim'],
  renewClaim: ['common', 'renew_claim'],
  releaseClaim: ['common', 'release_claim'],
  subscriptionCreate: ['common', 'subscriptions', 'subscription_create'],
  subscriptionUpdate: ['common', 'subscriptions', 'subscription_update'],
  subscriptionDelete: ['common', 'subscriptions', 'subscription_delete'],
  subscriptionConfirm: ['common', 'subscriptions', 'subscription_confirm'],
  setExisting: ['set_existing'],
  idempotencyReserve: ['idempotency_reserve'],
  idempotencySettle: ['idempotency_settle'],
  poolSave: ['pool_save'],
  poolDelete: ['pool_delete'],
} as const;

export type ScriptName = keyof typeof SCRIPT_FILES;
export type ScriptArg = string | number;

/** Script sources, read once per process. */
let sources: Readonly<Record<ScriptName, string>> | undefined;

function scriptSources(): Readonly<Record<ScriptName, string>> {
  if (!sources) {
    const read = (file: string) => readFileSync(join(LUA_DIR, `${file}.lua`), 'utf8');
    const entries = Object.entries(SCRIPT_FILES).map(([name, files]) => [name, files.map(read).join('\n')]);
    sources = Object.freeze(Object.fromEntries(entries)) as Record<ScriptName, string>;
  }
  return sources;
}

/** The command name a script is registered under on a client. */
const commandName = (name: ScriptName) => `zaqar_${name}`;

/**
 * Registers every script on `client` (ioredis `defineCommand`): each call is an
 * EVALSHA, falling back to EVAL once when the server lost its script cache (restart).
 */
export function defineScripts(client: Redis): void {
  for (const [name, lua] of Object.entries(scriptSources())) {
    client.defineCommand(commandName(name as ScriptName), { numberOfKeys: 0, lua });
  }
}

/** Runs a script registered by defineScripts. */
export function runScript<T>(client: Redis, name: ScriptName, args: readonly ScriptArg[]): Promise<T> {
  const command = (client as unknown as Record<string, (...a: ScriptArg[]) => Promise<T>>)[commandName(name)];
  return command.apply(client, args as ScriptArg[]);
}
