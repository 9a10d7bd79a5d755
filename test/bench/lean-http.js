'use strict';
/**
 * A lean HTTP/1.1 keep-alive client for the load generator: one socket per connection loop,
 * each request written in one `write`, responses parsed by Node's own llhttp binding. Node's
 * `http.request` cost the load client about 100 µs of CPU per request, as much as the server
 * under test; on a 2-core machine that CPU came out of the server's share (see README, issue 14).
 */
const net = require('node:net');
const { HTTPParser } = require('node:_http_common');

const { kOnHeadersComplete, kOnBody, kOnMessageComplete } = HTTPParser;

/** One keep-alive connection issuing one request at a time; reconnects when the server closes it. */
class LeanConnection {
  constructor(host, port, headerLines) {
    this.host = host;
    this.port = port;
    this.headerLines = headerLines;
    this.socket = null;
    this.pending = null;
  }

  /** Resolves with `{status, text}`; rejects when the connection fails before the response is complete. */
  request(method, path, payload) {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    if (!this.socket) this.#connect();
    const length = payload === undefined ? '' : `content-length: ${Buffer.byteLength(payload)}\r\n`;
    this.socket.write(`${method} ${path} HTTP/1.1\r\n${this.headerLines}${length}\r\n${payload ?? ''}`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }

  #connect() {
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    const parser = new HTTPParser();
    parser.initialize(HTTPParser.RESPONSE, {});
    let status = 0;
    let keepAlive = true;
    let chunks = [];
    parser[kOnHeadersComplete] = (_major, _minor, _headers, _method, _url, statusCode, _message, _upgrade, shouldKeepAlive) => {
      status = statusCode;
      keepAlive = shouldKeepAlive;
      chunks = [];
    };
    parser[kOnBody] = (chunk) => chunks.push(Buffer.from(chunk));
    parser[kOnMessageComplete] = () => {
      const pending = this.pending;
      this.pending = null;
      if (!keepAlive) this.#drop(socket);
      pending?.resolve({ status, text: chunks.length === 0 ? '' : Buffer.concat(chunks).toString() });
    };
    socket.on('data', (data) => {
      const outcome = parser.execute(data);
      if (outcome instanceof Error) socket.destroy(outcome);
    });
    const fail = (error) => {
      // A socket already given up (the server said `Connection: close`) fails nobody's request.
      if (this.socket !== socket) return;
      this.#drop(socket);
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error ?? new Error('connection closed before the response'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
  }

  #drop(socket) {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }
}

/** `headers` as the lines of a request head (each ending in CRLF), Host first. */
function headerLinesOf(host, port, headers) {
  return `host: ${host}:${port}\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}`;
}

module.exports = { LeanConnection, headerLinesOf };
