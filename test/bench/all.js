'use strict';
/**
 * `npm run bench`: run.js (the workloads against the ceilings, or --against URL), then
 * notify.js (post1 with 10 webhook subscribers as a share of post1 without, and deliveries/s),
 * each in its own process so neither's servers or JIT state affect the other. run.js gets every
 * argument; notify.js gets --seconds, --rounds and --connections (its own --workers is
 * max_notifier_workers, not run.js's server workers, and is set with --notify-workers N).
 * --no-notify, or --against, skips notify.js. Then long-poll.js (long-poll latency, post1 with
 * 1,000 waiting claimers as a share of post1 without, claim_stream latency) with --seconds,
 * --rounds and --connections; --no-long-poll, or --against, skips it.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const has = (name) => args.includes(`--${name}`);
const value = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const run = (script, scriptArgs) => spawnSync(process.execPath, [path.join(__dirname, script), ...scriptArgs], { stdio: 'inherit' }).status ?? 1;

const runArgs = args.filter((a, i) => a !== '--no-notify' && a !== '--no-long-poll' && a !== '--notify-workers' && args[i - 1] !== '--notify-workers');
let status = run('run.js', runArgs);
if (status === 0 && !has('no-notify') && !has('against')) {
  const notifyArgs = [];
  for (const name of ['seconds', 'rounds', 'connections']) if (value(name) !== undefined) notifyArgs.push(`--${name}`, value(name));
  if (value('notify-workers') !== undefined) notifyArgs.push('--workers', value('notify-workers'));
  console.log('');
  status = run('notify.js', notifyArgs);
}
if (status === 0 && !has('no-long-poll') && !has('against')) {
  const longPollArgs = [];
  for (const name of ['seconds', 'rounds', 'connections']) if (value(name) !== undefined) longPollArgs.push(`--${name}`, value(name));
  console.log('');
  status = run('long-poll.js', longPollArgs);
}
process.exitCode = status;
