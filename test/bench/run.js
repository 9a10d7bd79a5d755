'use strict';
/**
 * `npm run bench`: starts zaqar-server and two ceiling servers on loopback,
 * drives each workload from a separate client process, prints requests/s,
 * messages/s, p50/p99 and each workload's requests/s as a share of the ceilings,
 * then stops everything. Every target is warmed up (JIT, caches) by a discarded run of
 * --warmup seconds, then measured --rounds times, ceilings and workloads interleaved;
 * the median run of each is reported. Options: --store sqlite (default), --seconds 5,
 * --warmup 2, --rounds 3, --connections 32, --auth keystone (also runs post1 on a second server
 * with auth_strategy = keystone against the Keystone of ../shared/scripts/keystone-up.sh, one
 * token for every request, and prints its share of the same round's no-auth post1),
 * --workers N ([DEFAULT] workers of our server), --against URL (instead of the ceilings: the
 * issue 14 workloads on ours and on the Zaqar at URL, interleaved, with ratios; see against.js),
 * --metrics (also runs post1 on two more servers started alike, one with [drivers:transport:wsgi]
 * metrics = true, both scraped once a second during their runs as Prometheus would, taking turns
 * at going first, and prints the metrics one's share of its twin's post1 in the same round), --pooling (also runs post1 and claim10delete on a second server with [DEFAULT]
 * pooling = True over two pools of the same store, sqlite or redis, right after the same
 * workloads on the first, and prints their share of the same rounds' runs without pooling),
 * --workloads post1,claim10delete (only these workloads, with their variants). Every run also starts a second server with ZAQARJS_HTTP_VIA_EXPRESS=1 (every request
 * through the Express shell, as before issue 14) and runs post1 and list10 on it right after the
 * same workloads on the first, to print what the Express layer costs per request.
 */
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { compareAgainst } = require('./against');
const { arg, cpuMsOfTree, freePort, median, percentList, runLoad } = require('./common');

const ROOT = path.resolve(__dirname, '../..');
// The `zaqar-server` command itself: its shebang carries the node flags the server runs with.
const CLI = path.join(ROOT, 'packages/server/bin/zaqar-server.js');

/** Extra zaqar.conf text per store; `dir` is a fresh temp folder. */
const STORES = {
  sqlite: (dir) =>
    `[drivers]\nmessage_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:message_store:sqlalchemy]\nuri = sqlite:///${dir}/zaqar.db\n[drivers:management_store:sqlalchemy]\nuri = sqlite:///${dir}/zaqar.db\n`,
  // PostgreSQL / MariaDB of the CI machine: a fresh database per run, dropped at exit (by their command-line clients).
  postgres: () => {
    const db = `zaqar_bench_${process.pid}`;
    const psql = (sql) => require('node:child_process').execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qc', sql]);
    psql(`create database ${db}`);
    process.on('exit', () => psql(`drop database if exists ${db} with (force)`));
    const uri = `postgresql://postgres@127.0.0.1:5432/${db}`;
    return `[drivers]\nmessage_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`;
  },
  mariadb: () => {
    const db = `zaqar_bench_${process.pid}`;
    const mariadb = (sql) => require('node:child_process').execFileSync('mariadb', ['-h', '127.0.0.1', '-u', 'root', '-e', sql]);
    mariadb(`create database ${db} character set utf8mb4 collate utf8mb4_bin`);
    process.on('exit', () => mariadb(`drop database if exists ${db}`));
    const uri = `mysql+pymysql://root@127.0.0.1:3306/${db}`;
    return `[drivers]\nmessage_store = sqlalchemy\nmanagement_store = sqlalchemy\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`;
  },
  // Redis on 127.0.0.1:6379 (ZAQAR_BENCH_REDIS_URI), under a key prefix of its own that is deleted on exit.
  redis: (dir) => {
    const base = process.env.ZAQAR_BENCH_REDIS_URI || 'redis://127.0.0.1:6379';
    const prefix = `zaqar-${path.basename(dir)}:`;
    const drop = path.join(ROOT, 'plugins/store-redis/scripts/drop-prefix.js');
    process.on('exit', () => require('node:child_process').execFileSync(process.execPath, [drop, prefix, base], { stdio: 'ignore' }));
    const uri = `${base}${base.includes('?') ? '&' : '?'}key_prefix=${prefix}`;
    return `[drivers]\nmessage_store = redis\nmanagement_store = redis\n[drivers:message_store:redis]\nuri = ${uri}\n[drivers:management_store:redis]\nuri = ${uri}\n`;
  },
  // MongoDB at ZAQAR_BENCH_MONGODB_URI (its databases are dropped at exit), else a CongoDB child from
  // test/mongo-server. CongoDB is a TypeScript stand-in that scans whole collections: its numbers
  // say nothing about mongod. `unreliable`: a standalone server (the reference's `[DEFAULT] unreliable`).
  mongodb: () => {
    const { execFileSync, spawn } = require('node:child_process');
    const database = `zaqar_bench_${process.pid}`;
    let uri = process.env.ZAQAR_BENCH_MONGODB_URI;
    if (uri) {
      const drop = `const {MongoClient}=require('mongodb');const c=new MongoClient(process.argv[1]);c.db('admin').admin().listDatabases({nameOnly:true}).then(async({databases})=>{for(const {name} of databases)if(name.startsWith(process.argv[2]))await c.db(name).dropDatabase();await c.close()})`;
      process.on('exit', () => execFileSync(process.execPath, ['-e', drop, uri, database], { cwd: ROOT, stdio: 'ignore' }));
    } else {
      const port = Number(
        execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]),
      );
      const child = spawn(process.execPath, [path.join(ROOT, 'test/mongo-server/start.mjs'), '--port', String(port)], { stdio: ['pipe', 'ignore', 'inherit'] });
      // Unreferenced: it must not keep the bench alive; it exits with it (its stdin closes).
      child.unref();
      child.stdin.unref();
      process.on('exit', () => child.kill());
      const probe = `(function t(n){require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>n>0?setTimeout(t,100,n-1):process.exit(1))})(300)`;
      execFileSync(process.execPath, ['-e', probe]);
      uri = `mongodb://127.0.0.1:${port}/?serverMonitoringMode=poll`;
    }
    const section = `uri = ${uri}\ndatabase = ${database}\n`;
    return `[DEFAULT]\nunreliable = true\n[drivers]\nmessage_store = mongodb\nmanagement_store = mongodb\n[drivers:message_store:mongodb]\n${section}[drivers:management_store:mongodb]\n${section}`;
  },
};

/** The URI of pool `n` of a `--pooling` server in `dir`, per store (each removed at exit like the store's own). */
const POOL_URIS = {
  sqlite: (dir, n) => `sqlite:///${dir}/pool-${n}.db`,
  redis: (dir, n) => {
    const base = process.env.ZAQAR_BENCH_REDIS_URI || 'redis://127.0.0.1:6379';
    const prefix = `zaqar-${path.basename(dir)}-pool-${n}:`;
    const drop = path.join(ROOT, 'plugins/store-redis/scripts/drop-prefix.js');
    process.on('exit', () => require('node:child_process').execFileSync(process.execPath, [drop, prefix, base], { stdio: 'ignore' }));
    return `${base}${base.includes('?') ? '&' : '?'}key_prefix=${prefix}`;
  },
};

/** Starts a server with pooling over two pools of `storeName` (catalogue in the store's own config); resolves with its pid and url. */
async function startPooledServer(dir, storeName, env, children) {
  const pDir = fs.mkdtempSync(path.join(dir, 'pooled-'));
  const pPort = await freePort();
  const pConf = path.join(pDir, 'zaqar.conf');
  const config = `[DEFAULT]\nadmin_mode = True\npooling = True\n[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${pPort}\n${STORES[storeName](pDir)}`;
  fs.writeFileSync(pConf, config);
  const pServer = spawn(CLI, ['--config-file', pConf], { cwd: pDir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(pServer);
  const pUrl = `http://127.0.0.1:${pPort}`;
  await waitFor(`${pUrl}/v2/ping`);
  for (const n of [1, 2]) {
    const res = await fetch(`${pUrl}/v2/pools/pool-${n}`, {
      method: 'PUT',
      headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'X-Roles': 'admin', 'content-type': 'application/json' },
      body: JSON.stringify({ uri: POOL_URIS[storeName](pDir, n), weight: 100 }),
    });
    if (res.status !== 201) throw new Error(`pool create failed with ${res.status}: ${await res.text()}`);
  }
  return { pid: pServer.pid, url: pUrl };
}

/** `[DEFAULT]` and `[keystone_authtoken]` of a keystone server, and a demo user's token, from keystone-up.sh. */
async function keystoneSetup() {
  const script = process.env.KEYSTONE_UP || path.resolve(ROOT, '../shared/scripts/keystone-up.sh');
  const out = require('node:child_process').execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = Object.fromEntries([...out.matchAll(/^export ([A-Z_0-9]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  const auth = {
    identity: { methods: ['password'], password: { user: { name: env.KEYSTONE_DEMO_USER, domain: { id: 'default' }, password: env.KEYSTONE_DEMO_PASSWORD } } },
    scope: { project: { name: env.KEYSTONE_DEMO_PROJECT, domain: { id: 'default' } } },
  };
  const res = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth }),
  });
  if (res.status !== 201) throw new Error(`Keystone refused the demo user: ${res.status}`);
  const conf =
    `[DEFAULT]\nauth_strategy = keystone\n[keystone_authtoken]\nauth_url = ${env.OS_AUTH_URL}\nauth_type = password\nusername = ${env.KEYSTONE_SERVICE_USER}\n` +
    `password = ${env.KEYSTONE_SERVICE_PASSWORD}\nproject_name = ${env.KEYSTONE_SERVICE_PROJECT}\nuser_domain_id = default\nproject_domain_id = default\n`;
  return { conf, token: res.headers.get('x-subject-token') };
}

async function waitFor(url) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench' } });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function startCeiling(kind, port, bodySize) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'ceiling-server.js'), [kind, String(port), String(bodySize)], { stdio: 'ignore' });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${kind} ceiling exited ${code}`)));
  });
}

async function prefill(url, queue, count) {
  const headers = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' };
  for (let done = 0; done < count; done += 20) {
    const messages = Array.from({ length: 20 }, (_, i) => ({ body: { event: 'prefill', i: done + i }, ttl: 3600 }));
    const res = await fetch(`${url}/v2/queues/${queue}/messages`, { method: 'POST', headers, body: JSON.stringify({ messages }) });
    if (res.status !== 201) throw new Error(`prefill failed with ${res.status}: ${await res.text()}`);
  }
}

/** The run of `runs` with the median requests/s (its own p50/p99/errors come with it). */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** `list` with `a` and `b` in each other's place. */
function swapped(list, a, b) {
  return list.map((t) => (t === a ? b : t === b ? a : t));
}

/** Median server CPU time per request over `runs`, in ms. */
const cpuPerRequest = (runs) => median(runs.map((x) => x.cpuMs)).toFixed(3);

async function main() {
  const storeName = arg('store', 'sqlite');
  const seconds = Number(arg('seconds', '5'));
  const connections = Number(arg('connections', '32'));
  const warmup = Number(arg('warmup', '2'));
  const rounds = Math.max(1, Number(arg('rounds', '3')));
  const authName = arg('auth', 'noauth');
  const against = arg('against', undefined);
  const workers = arg('workers', undefined);
  const withMetrics = process.argv.includes('--metrics');
  const withPooling = process.argv.includes('--pooling');
  if (withPooling && !POOL_URIS[storeName]) throw new Error(`--pooling runs on ${Object.keys(POOL_URIS).join(', ')}, not ${storeName}`);
  if (authName !== 'noauth' && authName !== 'keystone') throw new Error(`unknown --auth ${authName}; available: noauth, keystone`);
  if (!STORES[storeName]) throw new Error(`unknown --store ${storeName}; available: ${Object.keys(STORES).join(', ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-bench-'));
  const port = await freePort();
  const confFile = path.join(dir, 'zaqar.conf');
  fs.writeFileSync(confFile, `[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${port}\n${STORES[storeName](dir)}`);
  const children = [];
  const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  process.on('exit', stopAll);
  try {
    // --workers N sets [DEFAULT] workers (default 0: one per core, one process on SQLite).
    const env = workers ? { ...process.env, OS_DEFAULT__WORKERS: workers } : process.env;
    const server = spawn(CLI, ['--config-file', confFile], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(server);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/v2/ping`);
    if (against) {
      const label = `zaqar (${storeName}, workers ${workers ?? '0 (automatic: one per core; one process on SQLite; one core left to a Redis on this host)'}) vs ${against}, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`;
      await waitFor(`${against}/v2/ping`);
      await compareAgainst({ ours: url, theirs: against, serverPid: server.pid, seconds, warmup, rounds, connections, label, runLoad });
      return;
    }
    let keystoneTarget;
    if (authName === 'keystone') {
      const { conf, token } = await keystoneSetup();
      const ksDir = fs.mkdtempSync(path.join(dir, 'keystone-'));
      const ksPort = await freePort();
      const ksConf = path.join(ksDir, 'zaqar.conf');
      fs.writeFileSync(ksConf, `${conf}[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${ksPort}\n${STORES[storeName](ksDir)}`);
      const ksServer = spawn(CLI, ['--config-file', ksConf], { cwd: ksDir, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(ksServer);
      await waitFor(`http://127.0.0.1:${ksPort}/v2/ping`);
      keystoneTarget = { name: 'post1 keystone', pid: ksServer.pid, url: `http://127.0.0.1:${ksPort}`, workload: 'post1', queue: 'bench-post1', token };
    }

    const sample = await (
      await fetch(`${url}/v2/queues/sizeprobe/messages`, {
        method: 'POST',
        headers: { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'bench', 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ body: { event: 'bench', i: 0 }, ttl: 3600 }] }),
      })
    ).text();
    const targets = [];
    for (const kind of ['http', 'express']) {
      const cport = await freePort();
      const ceiling = await startCeiling(kind, cport, Buffer.byteLength(sample));
      children.push(ceiling);
      targets.push({ name: `ceiling ${kind}`, ceiling: kind, pid: ceiling.pid, url: `http://127.0.0.1:${cport}`, workload: 'post1', queue: 'ceiling' });
    }
    targets.push(
      { name: 'post1', pid: server.pid, url, workload: 'post1', queue: 'bench-post1' },
      { name: 'post10', pid: server.pid, url, workload: 'post10', queue: 'bench-post10' },
      { name: 'list10', pid: server.pid, url, workload: 'list10', queue: 'bench-list', prefill: 200 },
      { name: 'claim10delete', pid: server.pid, url, workload: 'claim10delete', queue: 'bench-claim', prefill: 60_000 },
    );
    // --workloads a,b: only these (and their variants), e.g. `--pooling --workloads post1,claim10delete`.
    const only = arg('workloads', undefined)?.split(',');
    if (only) for (const t of targets.filter((x) => !x.ceiling && !only.includes(x.workload))) targets.splice(targets.indexOf(t), 1);
    // The same server with every request routed through Express: what the shell costs per request.
    const eDir = fs.mkdtempSync(path.join(dir, 'express-'));
    const ePort = await freePort();
    const eConf = path.join(eDir, 'zaqar.conf');
    fs.writeFileSync(eConf, `[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${ePort}\n${STORES[storeName](eDir)}`);
    const eEnv = { ...(workers ? { ...process.env, OS_DEFAULT__WORKERS: workers } : process.env), ZAQARJS_HTTP_VIA_EXPRESS: '1' };
    const eServer = spawn(CLI, ['--config-file', eConf], { cwd: eDir, env: eEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(eServer);
    await waitFor(`http://127.0.0.1:${ePort}/v2/ping`);
    const viaExpress = [];
    for (const name of ['post1', 'list10']) {
      const direct = targets.find((t) => t.name === name);
      if (!direct) continue;
      const target = { ...direct, name: `${name} via express`, pid: eServer.pid, url: `http://127.0.0.1:${ePort}`, direct };
      targets.splice(targets.indexOf(direct) + 1, 0, target);
      viaExpress.push(target);
    }
    let metricsTarget;
    let metricsControl;
    if (withMetrics) {
      // Two twins started the same way, one with metrics on: comparing against the first server instead
      // showed a bias of its own (a metrics-off twin measured 89-108 %, median 93 %, of it).
      const env = workers ? { ...process.env, OS_DEFAULT__WORKERS: workers } : process.env;
      const twin = async (metrics) => {
        const mDir = fs.mkdtempSync(path.join(dir, `metrics-${metrics}-`));
        const mPort = await freePort();
        const mConf = path.join(mDir, 'zaqar.conf');
        fs.writeFileSync(mConf, `[drivers:transport:wsgi]\nbind = 127.0.0.1\nport = ${mPort}\nmetrics = ${metrics}\n${STORES[storeName](mDir)}`);
        const mServer = spawn(CLI, ['--config-file', mConf], { cwd: mDir, env, stdio: ['ignore', 'ignore', 'inherit'] });
        children.push(mServer);
        await waitFor(`http://127.0.0.1:${mPort}/v2/ping`);
        // Both scraped every second, as Prometheus would (the metrics-off twin answers 404).
        return {
          name: `post1 metrics ${metrics ? 'on' : 'off'}`,
          pid: mServer.pid,
          url: `http://127.0.0.1:${mPort}`,
          workload: 'post1',
          queue: 'bench-post1',
          scrape: true,
        };
      };
      metricsControl = await twin(false);
      metricsTarget = await twin(true);
      targets.push(metricsControl, metricsTarget);
    }
    // Pooling on: post1 and claim10delete right after the same workloads without, on two pools (each queue on one of them).
    const pooledTargets = [];
    if (withPooling) {
      const env = workers ? { ...process.env, OS_DEFAULT__WORKERS: workers } : process.env;
      const pooled = await startPooledServer(dir, storeName, env, children);
      for (const name of ['post1', 'claim10delete']) {
        const direct = targets.find((t) => t.name === name);
        if (!direct) continue;
        const target = { ...direct, name: `${name} pooled`, pid: pooled.pid, url: pooled.url, direct };
        targets.splice(targets.indexOf(direct) + 1, 0, target);
        pooledTargets.push(target);
      }
    }
    // Right after no-auth post1, so each round compares the two in the same spell of the machine.
    if (keystoneTarget) targets.splice(targets.findIndex((t) => t.name === 'post1') + 1, 0, keystoneTarget);

    // Rounds interleave the ceilings with the workloads, so a slower spell of a shared
    // machine lowers both sides instead of one; each target's median run is reported.
    const runs = new Map(targets.map((t) => [t, []]));
    for (let round = 1; round <= rounds; round++) {
      // The metrics twins swap places every round, so neither always runs first.
      const order = metricsTarget && round % 2 === 0 ? swapped(targets, metricsControl, metricsTarget) : targets;
      for (const t of order) {
        if (t.prefill) await prefill(t.url, t.queue, t.prefill);
        const spec = { url: t.url, workload: t.workload, queue: t.queue, connections, token: t.token };
        if (round === 1 && warmup > 0) await runLoad({ ...spec, seconds: warmup });
        // A scraper while the metrics server is measured, as Prometheus would (every second).
        const scraper = t.scrape
          ? setInterval(
              () =>
                fetch(`${t.url}/metrics`).then(
                  (r) => r.text(),
                  () => undefined,
                ),
              1000,
            )
          : undefined;
        // CPU time of the serving processes per request: steadier than req/s when other work shares the machine.
        const cpuBefore = cpuMsOfTree(t.pid);
        const run = await runLoad({ ...spec, seconds });
        run.cpuMs = (cpuMsOfTree(t.pid) - cpuBefore) / Math.max(run.requests, 1);
        runs.get(t).push(run);
        if (scraper) clearInterval(scraper);
      }
    }

    const ceilings = {};
    for (const t of targets.filter((x) => x.ceiling)) {
      const r = medianRun(runs.get(t));
      ceilings[t.ceiling] = runs.get(t);
      console.log(
        `${t.name.padEnd(16)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  server CPU ${cpuPerRequest(runs.get(t))} ms/req  (runs: ${runs
          .get(t)
          .map((x) => x.rps.toFixed(0))
          .join(', ')})`,
      );
    }
    console.log(
      `\nzaqar (${storeName}), ${connections} connections, ${rounds} rounds of ${seconds} s per workload (medians; % = median of per-round ratios), ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log('workload          req/s     msg/s   p50 ms   p99 ms  errors  %bare-http  %express  CPU ms/req  runs req/s');
    for (const t of targets.filter((x) => !x.ceiling)) {
      const r = medianRun(runs.get(t));
      const errors = runs.get(t).reduce((sum, x) => sum + x.errors, 0);
      // Share of a ceiling: the median over rounds of (this round's rps / the ceiling's rps in the same round).
      const share = (ceiling) => `${median(runs.get(t).map((x, i) => (100 * x.rps) / ceiling[i].rps)).toFixed(0)}%`;
      console.log(
        `${t.name.padEnd(14)} ${r.rps.toFixed(0).padStart(8)} ${r.mps.toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(errors).padStart(7)} ${share(ceilings.http).padStart(11)} ${share(ceilings.express).padStart(9)} ${cpuPerRequest(runs.get(t)).padStart(11)}  ${runs
          .get(t)
          .map((x) => x.rps.toFixed(0))
          .join(', ')}`,
      );
    }
    console.log('');
    for (const t of viaExpress) {
      const direct = runs.get(t.direct);
      // What Express adds to a request, as a share of the request routed through it: by server CPU time
      // per request (steady on a shared machine) and by throughput (1 - rps via Express / rps direct).
      const byCpu = runs.get(t).map((x, i) => 100 * (1 - direct[i].cpuMs / x.cpuMs));
      const byRps = runs.get(t).map((x, i) => 100 * (1 - x.rps / direct[i].rps));
      const added = median(runs.get(t).map((x, i) => x.cpuMs - direct[i].cpuMs));
      console.log(
        `${t.direct.name}: the Express layer is ${median(byCpu).toFixed(0)}% of the server CPU time of a request routed through it (+${added.toFixed(3)} ms/req; per round: ${percentList(byCpu)}); by throughput ${median(byRps).toFixed(0)}% (per round: ${percentList(byRps)})`,
      );
    }
    if (keystoneTarget) {
      const post1 = runs.get(targets.find((t) => t.name === 'post1'));
      const ratios = runs.get(keystoneTarget).map((x, i) => (100 * x.rps) / post1[i].rps);
      console.log(
        `\npost1 with auth_strategy = keystone (one token, validated once then cached): ${median(ratios).toFixed(0)}% of the same rounds' no-auth post1 (per round: ${percentList(ratios)})`,
      );
    }
    for (const t of pooledTargets) {
      const direct = runs.get(t.direct);
      const ratios = runs.get(t).map((x, i) => (100 * x.rps) / direct[i].rps);
      const cpu = runs.get(t).map((x, i) => (100 * direct[i].cpuMs) / x.cpuMs);
      console.log(
        `\n${t.direct.name} with pooling over two pools: ${median(ratios).toFixed(0)}% of the same rounds' ${t.direct.name} without pooling (per round: ${percentList(ratios)}); by server CPU per request ${median(cpu).toFixed(0)}% (per round: ${percentList(cpu)})`,
      );
    }
    if (metricsTarget) {
      const control = runs.get(metricsControl);
      const ratios = runs.get(metricsTarget).map((x, i) => (100 * x.rps) / control[i].rps);
      const cpu = runs.get(metricsTarget).map((x, i) => (100 * control[i].cpuMs) / x.cpuMs);
      console.log(
        `\npost1 with metrics = true (scraped every second): ${median(ratios).toFixed(0)}% of the same rounds' post1 on its metrics-off twin (per round: ${percentList(ratios)}); by server CPU per request ${median(cpu).toFixed(0)}% (per round: ${percentList(cpu)})`,
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
