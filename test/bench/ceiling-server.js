'use strict';
/**
 * Ceiling servers for the benchmark: answer every request with the status and a
 * body of the size zaqar answers a one-message post with, doing nothing else.
 * Usage: node ceiling-server.js http|express <port> <bodySize>
 */
const http = require('node:http');

const [kind, port, bodySize] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const body = JSON.stringify({ resources: ['x'.repeat(Math.max(0, bodySize - 17))] });

function drainThenAnswer(req, res) {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

if (kind === 'http') {
  http.createServer(drainThenAnswer).listen(port, '127.0.0.1', () => process.send?.('ready'));
} else {
  const express = require(require.resolve('express', { paths: [require('node:path').resolve(__dirname, '../../plugins/transport-wsgi')] }));
  const app = express();
  app.post('/v2/queues/:queue/messages', drainThenAnswer);
  app.listen(port, '127.0.0.1', () => process.send?.('ready'));
}
