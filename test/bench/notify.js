'use strict';
/**
 * `npm run bench:notify`: post1 throughput with 10 webhook subscribers on
 * a fast local receiver, as a share of the same run without subscribers, and deliveries/s.
 * Starts two zaqar-servers on SQLite (one with `message_pipeline = zaqar.notification.notifier`
 * and 10 http subscriptions on the posted queue), a receiver process answering 204, and drives
 * post1 on each from load-client.js, interleaved per round. Reports per round: both req/s, the
 * ratio, deliveries/s during the run, and after the queue drained (up to 30 s) how many of the
 * expected notifications (posts × 10) arrived; the rest were dropped by the bounded delivery
 * queue (logged and counted by the server). Also per round, on Linux, the CPU milliseconds per post
 * of each server's main thread (the one that answers requests) and of the rest of the notifying
 * server (its delivery thread, GC and libuv threads), read from /proc: a cost that the load of other
 * processes on the machine changes less than the req/s. Options: --seconds 5, --rounds 3, --connections 32,
 * --workers 10 ([notification] max_notifier_workers).
 */
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { arg, freePort, median, percentList, runLoad } = require('./common');

const ROOT = path.resolve(__dirname, '../..');
// The `zaqar-server` command itself: its shebang carries the node flags the server runs with.
const CLI = path.join(ROOT, 'packages/server/bin/zaqar-server.js');
const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };
const SUBSCRIBERS = 10;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) of process `pid` and of its main thread; undefined without /proc. */
function cpuOf(pid) {
  const seconds = (file) => {
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  };
  try {
    return { all: seconds(`/proc/${pid}/stat`), main: seconds(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/** Runs `load` and returns its result with the CPU ms per request of `pid` (main thread, and the other threads). */
async function measured(pid, load) {
  const before = cpuOf(pid);
  const result = await load();
  const after = cpuOf(pid);
  const { requests } = result;
  if (!before || !after || !requests) return { ...result, cpu: undefined };
  const main = ((after.main - before.main) * 1000) / requests;
  return { ...result, cpu: { main, other: ((after.all - before.all) * 1000) / requests - main } };
}
const ms = (value) => (value === undefined ? '-' : value.toFixed(2));

async function startServer(dir, extra, children) {
  const port = await freePort();
  const conf = path.join(dir, 'zaqar.conf');
  const db = `sqlite:///${dir}/zaqar.db`;
  fs.writeFileSync(
    conf,
    `[DEFAULT]\nworkers = 1\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n[drivers:message_store:sqlalchemy]\nuri = ${db}\n[drivers:management_store:sqlalchemy]\nuri = ${db}\n${extra}`,
  );
  const child = spawn(CLI, ['--config-file', conf], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    try {
      if ((await fetch(`${url}/v2/ping`, { headers: HEADERS })).status < 500) return { url, pid: child.pid };
    } catch {
      /* not up yet */
    }
  }
  throw new Error(`${url} did not come up`);
}

async function main() {
  const seconds = Number(arg('seconds', '5'));
  const rounds = Math.max(1, Number(arg('rounds', '3')));
  const connections = Number(arg('connections', '32'));
  const workers = Number(arg('workers', '10'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-notify-'));
  const children = [];
  const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('exit', stopAll);
  try {
    const receiver = fork(path.join(__dirname, 'webhook-receiver.js'), [], { stdio: 'ignore' });
    children.push(receiver);
    const receiverPort = await new Promise((resolve) => receiver.once('message', (m) => resolve(m.port)));
    const received = () =>
      new Promise((resolve) => {
        receiver.once('message', (m) => resolve(m.count));
        receiver.send('count');
      });
    fs.mkdirSync(path.join(dir, 'plain'));
    fs.mkdirSync(path.join(dir, 'notify'));
    const { url: plain, pid: plainPid } = await startServer(path.join(dir, 'plain'), '', children);
    const { url: notify, pid: notifyPid } = await startServer(
      path.join(dir, 'notify'),
      `[storage]\nmessage_pipeline = zaqar.notification.notifier\n[notification]\nmax_notifier_workers = ${workers}\n`,
      children,
    );
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const res = await fetch(`${notify}/v2/queues/bench-post1/subscriptions`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ subscriber: `http://127.0.0.1:${receiverPort}/s${i}`, ttl: 86400 }),
      });
      if (res.status !== 201) throw new Error(`subscription failed: ${res.status} ${await res.text()}`);
    }
    const spec = (url) => ({ url, workload: 'post1', queue: 'bench-post1', connections });
    await runLoad({ ...spec(plain), seconds: 2 });
    await runLoad({ ...spec(notify), seconds: 2 });
    await sleep(3000);
    console.log(
      `post1, ${connections} connections, ${SUBSCRIBERS} webhook subscribers, max_notifier_workers = ${workers}, ${rounds} rounds of ${seconds} s, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log(
      'round  plain req/s  notify req/s  ratio  p99 ms plain, notify  deliveries/s (during)  delivered/expected (after drain)  CPU ms/post: plain main, notify main, notify other threads',
    );
    const ratios = [];
    const cpuRatios = [];
    for (let round = 1; round <= rounds; round++) {
      const a = await measured(plainPid, () => runLoad({ ...spec(plain), seconds }));
      const before = await received();
      const b = await measured(notifyPid, () => runLoad({ ...spec(notify), seconds }));
      const during = (await received()) - before;
      const expected = Math.round(b.mps * seconds) * SUBSCRIBERS;
      let after = during;
      for (let waited = 0, last = -1; waited < 30_000 && after !== last && after < expected; waited += 1000) {
        last = after;
        await sleep(1000);
        after = (await received()) - before;
      }
      ratios.push((100 * b.rps) / a.rps);
      if (a.cpu && b.cpu) cpuRatios.push((100 * a.cpu.main) / b.cpu.main);
      console.log(
        `${String(round).padStart(5)}  ${a.rps.toFixed(0).padStart(11)}  ${b.rps.toFixed(0).padStart(12)}  ${ratios.at(-1).toFixed(0).padStart(4)}%  ${`${a.p99.toFixed(1)}, ${b.p99.toFixed(1)}`.padStart(20)}  ${(during / seconds).toFixed(0).padStart(21)}  ${`${after}/${expected}`.padStart(32)}  ${ms(a.cpu?.main)}, ${ms(b.cpu?.main)}, ${ms(b.cpu?.other)}`,
      );
    }
    console.log(`median ratio: ${median(ratios).toFixed(0)}%`);
    if (cpuRatios.length > 0) {
      console.log(
        `main-thread CPU per post, plain as a share of notify (the throughput ratio it allows when CPU-bound): median ${median(cpuRatios).toFixed(0)}% (${percentList(cpuRatios)})`,
      );
    }
  } finally {
    stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
