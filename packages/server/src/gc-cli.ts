#!/usr/bin/env node
/**
 * `zaqar-gc`: one garbage-collection pass, as the reference's command: reads
 * zaqar.conf like zaqar-server, opens the configured message store and removes
 * its expired messages and claims, then exits. zaqar-server also does this
 * every 60 s, so the command is for cron jobs and for servers that are not
 * running. Pooling is not served yet, so "every store" is the one message store.
 */
import { bootstrapCommand, openSelectedStores, parseCommand, runCommand } from './commands/command-line';

const USAGE = `Usage: zaqar-gc [--config-file PATH]... [--config-dir DIR]...

Removes expired messages and claims from the message store named in zaqar.conf ([drivers] message_store)
once, prints how many records went, and exits (0; 1 when the store cannot be opened or the pass fails).
`;

runCommand('zaqar-gc', async () => {
  const command = parseCommand<{ help?: boolean }>(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } });
  if (command.values.help) return (void process.stdout.write(USAGE), 0);
  const booted = await bootstrapCommand(__filename, command);
  const stores = await openSelectedStores(booted);
  try {
    const removed = await stores.data.messages.collectGarbage();
    process.stdout.write(`[drivers] message_store ${booted.selection.messageStore.name}: removed ${removed} expired records\n`);
    return 0;
  } finally {
    await stores.close();
  }
});
