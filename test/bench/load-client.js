'use strict';
/**
 * Load generator, run in its own process: `connections` loops issue one
 * workload step after another for `seconds`, each loop on its own keep-alive socket
 * (lean-http.js; `"client": "node"` in the spec uses Node's http.request instead).
 * Usage: node load-client.js '<json spec>' ; prints one JSON result line.
 */
const http = require('node:http');
const { LeanConnection, headerLinesOf } = require('./lean-http');

const spec = JSON.parse(process.argv[2]);
const url = new URL(spec.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
const HEADERS = {
  'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c',
  'X-Project-ID': spec.project ?? 'bench',
  'content-type': 'application/json',
  ...(spec.token ? { 'X-Auth-Token': spec.token } : {}),
};

const HEADER_LINES = headerLinesOf(url.hostname, url.port, HEADERS);

/** A connection loop's way of sending requests: `send(method, path, body)` resolves with `{status, body}`. */
function openConnection() {
  if (spec.client === 'node') return { send: nodeRequest, close() {} };
  const connection = new LeanConnection(url.hostname, Number(url.port), HEADER_LINES);
  return {
    send: async (method, path, body) => {
      const { status, text } = await connection.request(method, path, body === undefined ? undefined : JSON.stringify(body));
      return { status, body: text ? safeJson(text) : undefined };
    },
    close: () => connection.close(),
  };
}

function nodeRequest(method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload === undefined ? HEADERS : { ...HEADERS, 'content-length': Buffer.byteLength(payload) };
    const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, body: text ? safeJson(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const messagesOf = (n) => ({ messages: Array.from({ length: n }, (_, i) => ({ body: { event: 'bench', i }, ttl: 3600 })) });

/** Each workload step returns how many messages it moved; requests are counted by `timed`. */
const workloads = {
  ping: async (timed) => (await timed('GET', '/v2/ping'), 0),
  getQueue: async (timed) => (await timed('GET', `/v2/queues/${spec.queue}`), 0),
  post1: async (timed) => (await timed('POST', `/v2/queues/${spec.queue}/messages`, messagesOf(1)), 1),
  post10: async (timed) => (await timed('POST', `/v2/queues/${spec.queue}/messages`, messagesOf(10)), 10),
  list10: async (timed) => (await timed('GET', `/v2/queues/${spec.queue}/messages?limit=10&echo=true`), 10),
  claim10delete: async (timed) => {
    const claim = await timed('POST', `/v2/queues/${spec.queue}/claims?limit=10`, { ttl: 60, grace: 60 });
    if (claim.status !== 201) return 0;
    const ids = claim.body.messages.map((m) => m.id);
    const claimId = claim.body.messages[0].href.split('claim_id=')[1];
    await timed('DELETE', `/v2/queues/${spec.queue}/messages?ids=${ids.join(',')}&claim_ids=${claimId}`);
    return ids.length;
  },
  // The issue 14 contract's consume: claim 10, then delete each message through its claim.
  consume: async (timed) => {
    const claim = await timed('POST', `/v2/queues/${spec.queue}/claims?limit=10`, { ttl: 60, grace: 60 });
    if (claim.status !== 201) return 0;
    for (const m of claim.body.messages) await timed('DELETE', m.href);
    return claim.body.messages.length;
  },
};

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Mixed: `producers` loops post one message stamped with the client's clock, `consumers` loops
 * claim up to 10 and delete each; messages/s counts consumed messages, `lag` is post→claim time.
 */
function mixedLoops(lags) {
  const producer = async (timed) => {
    await timed('POST', `/v2/queues/${spec.queue}/messages`, { messages: [{ body: { t: nowMs() }, ttl: 3600 }] });
    return 0;
  };
  const consumer = async (timed) => {
    const claim = await timed('POST', `/v2/queues/${spec.queue}/claims?limit=10`, { ttl: 60, grace: 60 });
    if (claim.status !== 201) return 0;
    const claimedAt = nowMs();
    for (const m of claim.body.messages) if (typeof m.body?.t === 'number') lags.push(claimedAt - m.body.t);
    for (const m of claim.body.messages) await timed('DELETE', m.href);
    return claim.body.messages.length;
  };
  return [...Array(spec.producers ?? 4).fill(producer), ...Array(spec.consumers ?? 8).fill(consumer)];
}

async function main() {
  const lags = [];
  const latencies = [];
  const statuses = {};
  let messages = 0;
  let errors = 0;
  const timedOn = (connection) => async (method, path, body) => {
    const started = process.hrtime.bigint();
    const res = await connection.send(method, path, body);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status >= 400) errors++;
    return res;
  };
  const deadline = Date.now() + spec.seconds * 1000;
  const loop = async (step) => {
    const connection = openConnection();
    const timed = timedOn(connection);
    while (Date.now() < deadline) {
      const moved = await step(timed);
      messages += moved;
    }
    connection.close();
  };
  const steps = spec.workload === 'mixed' ? mixedLoops(lags) : Array(spec.connections).fill(workloads[spec.workload]);
  const started = Date.now();
  await Promise.all(steps.map(loop));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const pctOf = (values, p) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;
  const pct = (p) => pctOf(latencies, p);
  process.stdout.write(
    JSON.stringify({
      workload: spec.workload,
      requests: latencies.length,
      rps: latencies.length / elapsed,
      mps: messages / elapsed,
      p50: pct(50),
      p99: pct(99),
      ...(lags.length > 0 ? { lagP50: pctOf(lags, 50), lagP99: pctOf(lags, 99) } : {}),
      errors,
      statuses,
    }) + '\n',
  );
  agent.destroy();
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
