'use strict';
/**
 * `npm run bench -- --against URL`: the issue 14 workloads (post 1, post 10, consume = claim 10
 * and delete each, mixed 4 producers + 8 consumers, list 10) on our server and on another Zaqar
 * endpoint (e.g. the reference from ../shared/scripts/reference-zaqar.sh), interleaved: in every
 * round each workload runs on ours then on theirs, so a slow spell of a shared machine lowers
 * both sides. Prints each side's median run (messages/s, p50, p99; post→claim lag for mixed),
 * the median of the per-round messages/s ratios, and the peak RSS of our processes.
 */
const { cpuMsOfTree, median, rssOfTree } = require('./common');

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };
const WORKLOADS = [
  { name: 'post1', workload: 'post1' },
  { name: 'post10', workload: 'post10' },
  // Messages kept ready: enough for a round at 10× the reference's rate on ours.
  { name: 'consume', workload: 'consume', prefill: { ours: 60_000, theirs: 15_000 } },
  { name: 'mixed 4p+8c', workload: 'mixed', connections: 12 },
  { name: 'list10', workload: 'list10', prefill: { ours: 200, theirs: 200 } },
];

async function freeMessages(url, queue) {
  const res = await fetch(`${url}/v2/queues/${queue}/stats`, { headers: HEADERS });
  if (res.status !== 200) return 0;
  return (await res.json()).messages.free;
}

/** Posts (20 per request, 8 at a time) until the queue holds `count` free messages. */
async function topUp(url, queue, count) {
  let missing = count - (await freeMessages(url, queue));
  const post = async () => {
    while (missing > 0) {
      missing -= 20;
      const messages = Array.from({ length: 20 }, (_, i) => ({ body: { event: 'prefill', i }, ttl: 3600 }));
      const res = await fetch(`${url}/v2/queues/${queue}/messages`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ messages }) });
      if (res.status !== 201) throw new Error(`prefill of ${url} failed with ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, post));
}

/**
 * Deletes the bench queues (and so their messages) on both sides, before and after a run: left
 * over, the reference's queues grew run after run until its claim script took 300 ms, stalling
 * the Redis both servers share.
 */
async function dropQueues(sides) {
  for (const url of Object.values(sides))
    for (const w of WORKLOADS) await fetch(`${url}/v2/queues/bench-${w.workload}`, { method: 'DELETE', headers: HEADERS }).catch(() => undefined);
}

const medianRun = (runs) => [...runs].sort((a, b) => a.mps - b.mps)[Math.floor((runs.length - 1) / 2)];
const f = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs the comparison; `runLoad(spec)` drives one run from a separate client process. */
async function compareAgainst({ ours, theirs, serverPid, seconds, warmup, rounds, connections, label, runLoad }) {
  const sides = { ours, theirs };
  const runs = new Map(WORKLOADS.map((w) => [w, { ours: [], theirs: [] }]));
  const peakRss = new Map();
  // The largest RSS of one of our processes while each workload ran on ours (the "RSS under load, per worker").
  const peakRssOfWorkload = new Map();
  let measuring;
  await dropQueues(sides);
  const sampler = setInterval(() => {
    for (const [pid, kib] of rssOfTree(serverPid)) {
      peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, kib));
      if (measuring) peakRssOfWorkload.set(measuring, Math.max(peakRssOfWorkload.get(measuring) ?? 0, kib));
    }
  }, 250);
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const w of WORKLOADS) {
        for (const side of ['ours', 'theirs']) {
          const queue = `bench-${w.workload}`;
          if (w.prefill) await topUp(sides[side], queue, w.prefill[side]);
          const spec = { url: sides[side], workload: w.workload, queue, connections: w.connections ?? connections };
          if (round === 1 && warmup > 0) await runLoad({ ...spec, seconds: warmup });
          const cpuBefore = side === 'ours' ? cpuMsOfTree(serverPid) : 0;
          measuring = side === 'ours' ? w : undefined;
          const run = await runLoad({ ...spec, seconds });
          measuring = undefined;
          // Our processes' CPU time per request: steadier than msg/s when other work shares the machine.
          if (side === 'ours') run.cpuMs = (cpuMsOfTree(serverPid) - cpuBefore) / Math.max(run.requests, 1);
          runs.get(w)[side].push(run);
        }
      }
    }
  } finally {
    clearInterval(sampler);
    await dropQueues(sides);
  }
  console.log(`\n${label}; ${rounds} rounds of ${seconds} s, ${connections} connections (mixed: 4 producers + 8 consumers); theirs = ${theirs}`);
  console.log('workload         ours msg/s  p50 ms  p99 ms  CPU ms/req  RSS MiB |  theirs msg/s  p50 ms  p99 ms |  ratio  p99 ratio  errors (ours/theirs)');
  for (const w of WORKLOADS) {
    const { ours: o, theirs: t } = runs.get(w);
    const a = medianRun(o);
    const b = medianRun(t);
    const ratio = median(o.map((x, i) => x.mps / Math.max(t[i].mps, 1e-9)));
    const lag = (r) => (r.lagP50 === undefined ? '' : ` (post→claim p50 ${f(r.lagP50, 2)} ms, p99 ${f(r.lagP99, 1)} ms)`);
    const errors = (rs) => rs.reduce((sum, r) => sum + r.errors, 0);
    console.log(
      `${w.name.padEnd(14)} ${f(a.mps).padStart(12)} ${f(a.p50, 2).padStart(7)} ${f(a.p99, 2).padStart(7)} ${f(median(o.map((x) => x.cpuMs)), 3).padStart(11)} ${f((peakRssOfWorkload.get(w) ?? 0) / 1024).padStart(8)} | ${f(b.mps).padStart(13)} ${f(b.p50, 2).padStart(7)} ${f(b.p99, 2).padStart(7)} | ${f(ratio, 1).padStart(5)}× ${f(b.p99 / Math.max(a.p99, 1e-9), 1).padStart(8)}×  ${errors(o)}/${errors(t)}${lag(a)}${lag(b) && ' vs' + lag(b)}`,
    );
  }
  const sizes = [...peakRss.entries()].map(([pid, kib]) => `${pid === serverPid ? 'primary' : pid} ${f(kib / 1024, 0)} MiB`);
  console.log(
    `RSS MiB: the largest of one of our processes during the workload's runs on ours; peak of each over the whole run, prefills included: ${sizes.join(', ')}`,
  );
}

module.exports = { compareAgainst };
