#!/usr/bin/env node
/**
 * `zaqar-gc`: one garbage-collection pass, as the reference's command: reads
 * zaqar.conf like zaqar-server, opens the configured message store and removes
 * its expired messages and claims, then exits. zaqar-server also does this
 * every 60 s, so the command is for cron jobs and for servers that are not
 * running. With `[DEFAULT] pooling` the pass covers every pool's store (and the
 * virtual pool): the stores are composed as zaqar-server composes them, but no
 * transport listens.
 */
import { garbageTotal } from '@zaqarjs/core';
import { bootstrapCommand, parseCommand, runCommand } from './commands/command-line';
import { compose } from './composition-root';
import { expiredRecords } from './garbage-collector';

const USAGE = `Usage: zaqar-gc [--config-file PATH]... [--config-dir DIR]...

Removes expired messages and claims from the message store named in zaqar.conf ([drivers] message_store,
or every pool's store with [DEFAULT] pooling) once, prints how many records went, and exits (0; 1 when the store cannot be opened or the pass fails).
`;

runCommand('zaqar-gc', async () => {
  const command = parseCommand<{ help?: boolean }>(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } });
  if (command.values.help) return (void process.stdout.write(USAGE), 0);
  const booted = await bootstrapCommand(__filename, command);
  const composition = await compose(booted.conf, booted.logger, booted.selection, booted.catalog);
  try {
    const tally = await expiredRecords(composition.data).collectGarbage();
    const pooled = booted.conf.group<{ pooling: boolean }>('DEFAULT').pooling ? ' (every pool)' : '';
    const kinds = Object.entries(tally)
      .filter(([, n]) => n)
      .map(([kind, n]) => `${kind.replace('_', ' ')} ${n}`);
    const detail = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
    process.stdout.write(`[drivers] message_store ${booted.selection.messageStore.name}${pooled}: removed ${garbageTotal(tally)} expired records${detail}\n`);
    return 0;
  } finally {
    await composition.closeStores();
  }
});
