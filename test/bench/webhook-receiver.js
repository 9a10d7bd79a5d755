'use strict';
/** A fast webhook receiver for test/bench/notify.js: answers 204, counts requests; reports its port, then the count on each IPC message. */
const http = require('node:http');

let count = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    count++;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', () => process.send({ count }));
process.on('disconnect', () => process.exit(0));
