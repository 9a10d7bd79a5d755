'use strict';
/** Helpers the bench scripts share: command-line options, a free port, and the load client run in a child process. */
const { execFile } = require('node:child_process');
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

module.exports = { arg, freePort, runLoad, median };
