// Starts CongoDB (the MongoDB-wire-compatible server in TypeScript shipped by
// @push.rocks/smartmongo 2.2.0) for the test suites. ESM because the package is ESM.
//   node start.mjs [--port 0] [--host 127.0.0.1]
// In-memory storage: a stopped server forgets its data (CongoDB's file storage turns
// dates and ObjectIds into strings, which would make it a worse stand-in).
// Prints one JSON line {"port": N} on stdout when it accepts connections; stops on SIGTERM/SIGINT.
import { CongoServer, UpdateEngine } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

// CongoDB's update path deep-copies documents key by key, which turns a BSON int64 (Long)
// into a plain {low, high, unsigned} object; MongoDB keeps int64 through updates. Longs
// are immutable values, so the copy may share them (the store keeps integers beyond 2^53
// exact as int64, see plugins/store-mongodb/README.md).
const copyDocument = UpdateEngine.deepClone.bind(UpdateEngine);
UpdateEngine.deepClone = (value) => (value !== null && typeof value === 'object' && value._bsontype === 'Long' ? value : copyDocument(value));

function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const server = new CongoServer({ port: Number(arg('port', '0')), host: arg('host', '127.0.0.1'), storage: 'memory' });
await server.start();
// CongoServer keeps its net.Server private; with port 0 the real port is only known from it.
const port = server.server.address().port;
process.stdout.write(`${JSON.stringify({ port })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(0);
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent's death closes stdin: never outlive the test run.
process.stdin.on('end', stop);
process.stdin.resume();
