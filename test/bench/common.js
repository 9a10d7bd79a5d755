'use strict';
/** Helpers the bench scripts share: command-line options, a free port, and the load client run in a child process. */
const { execFile, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** The value after `--name` on the command line, or `fallback`. */
function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const freePort = () =>
  new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** Runs load-client.js with `spec` and resolves with the summary it prints last. */
function runLoad(spec) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'load-client.js'), JSON.stringify(spec)], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`load client failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

/** The lower median (the middle value; of two middles, the smaller). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * `pid` and its children (a cluster primary's workers), from /proc: the RSS sampler calls this
 * four times a second while the load runs, and running `pgrep` for it (a fork and exec each
 * time) took enough CPU beside our server to lower its mixed throughput by about a fifth.
 */
function pidsOfTree(pid) {
  const children = [];
  try {
    // A child is listed under the thread that forked it.
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ')) if (child.trim()) children.push(Number(child));
    }
  } catch {
    /* exited */
  }
  return [pid, ...children];
}

/** Resident set sizes (KiB) of `pid` and its children, from /proc. */
function rssOfTree(pid) {
  const sizes = new Map();
  for (const p of pidsOfTree(pid)) {
    try {
      sizes.set(p, Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      /* exited */
    }
  }
  return sizes;
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/**
 * CPU time (user + system, ms) used so far by `pid` and its children. On a machine shared
 * with other work, CPU time per request moves far less than requests per second does.
 */
function cpuMsOfTree(pid) {
  let ms = 0;
  for (const p of pidsOfTree(pid)) {
    try {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      /* exited */
    }
  }
  return ms;
}

/** Per-round percentages as printed beside a median: `107%, 98%, 91%`. */
function percentList(values) {
  return values.map((r) => `${r.toFixed(0)}%`).join(', ');
}

module.exports = { arg, freePort, runLoad, median, percentList, rssOfTree, cpuMsOfTree };
