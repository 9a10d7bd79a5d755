/**
 * A MongoDB for the test suites. With ZAQAR_TEST_MONGODB_URI set, that server is used
 * (a real mongod or replica set). Otherwise CongoDB, the MongoDB-wire-compatible server
 * of @push.rocks/smartmongo 2.2.0 installed in this folder (`npm ci` here; .ci/run does it),
 * runs in a child process on a free port. Each suite uses its own database names and
 * drops them when done. Outside CI a suite whose server is missing is skipped with the
 * reason in its title; under CI=true the suite fails instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Environment variable naming a real MongoDB to test against instead of CongoDB. */
export const MONGODB_URI_ENV = 'ZAQAR_TEST_MONGODB_URI';

const FOLDER = __dirname;
const INSTALLED = join(FOLDER, 'node_modules', '@push.rocks', 'smartmongo', 'package.json');

/** Which server the suites run against, or why none can run. */
export type MongoTarget = { kind: 'external'; uri: string } | { kind: 'congodb' } | { kind: 'missing'; reason: string };

export function mongoTarget(): MongoTarget {
  const uri = process.env[MONGODB_URI_ENV]?.trim();
  if (uri) return { kind: 'external', uri };
  if (existsSync(INSTALLED)) return { kind: 'congodb' };
  return { kind: 'missing', reason: `no MongoDB: set ${MONGODB_URI_ENV} or run "npm ci" in test/mongo-server` };
}

/** True when the suites run on CongoDB (not a real MongoDB): tests that need real-server features are left out. */
export function onCongoDb(): boolean {
  return mongoTarget().kind === 'congodb';
}

/** A running server for one suite. */
export interface MongoTestServer {
  /** Server URI without a database (CongoDB: mongodb://127.0.0.1:<port>/?serverMonitoringMode=poll). */
  uri: string;
  /** A database base name no other suite uses (the stores derive theirs from it). */
  database: string;
  /** Stops the server (CongoDB only; it keeps its data in memory, so a restart starts empty). */
  stop(): Promise<void>;
  /** Starts it again on the same port (CongoDB only). */
  start(): Promise<void>;
  /** Drops the suite's databases (real server) or stops the CongoDB child. */
  dispose(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  port: number;
}

function launch(port: number): Promise<Child> {
  return new Promise((resolve, reject) => {
    // stdin stays a pipe: the child exits when this process dies and the pipe closes.
    const child = spawn(process.execPath, [join(FOLDER, 'start.mjs'), '--port', String(port)], {
      cwd: FOLDER,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ process: child, port: (JSON.parse(line) as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`CongoDB exited with ${code} before listening`)));
  });
}

async function halt(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await exited;
}

/** Starts (or, with ZAQAR_TEST_MONGODB_URI, connects to) a server for one suite. */
export async function startMongoTestServer(): Promise<MongoTestServer> {
  const target = mongoTarget();
  const database = `zt${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (target.kind === 'missing') throw new Error(target.reason);
  if (target.kind === 'external') {
    const uri = target.uri.replace(/\/+$/, '');
    const unsupported = () => Promise.reject(new Error('stop/start needs the CongoDB child (unset ZAQAR_TEST_MONGODB_URI)'));
    return { uri, database, stop: unsupported, start: unsupported, dispose: () => dropDatabases(uri, database) };
  }
  let child: Child | undefined = await launch(0);
  const port = child.port;
  return {
    // CongoDB answers the driver's streaming `hello` without the moreToCome flag; the driver then
    // drops the server every heartbeat and clears its pool under running operations. Polling
    // monitoring (a standard URI option) avoids that; the stores keep the driver's default.
    uri: `mongodb://127.0.0.1:${port}/?serverMonitoringMode=poll`,
    database,
    stop: async () => {
      await halt(child);
      child = undefined;
    },
    start: async () => {
      if (!child) child = await launch(port);
    },
    dispose: async () => {
      await halt(child);
      child = undefined;
    },
  };
}

/** Drops every database of a suite on a shared (real) server. */
async function dropDatabases(uri: string, base: string): Promise<void> {
  // Loaded lazily: only the store's own workspace has the driver.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoClient } = require('mongodb') as typeof import('mongodb');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name === base || name.startsWith(`${base}_`)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** `describe` that needs a MongoDB: skipped with the reason outside CI when none is available; under CI it runs (and fails). */
export function describeWithMongo(title: string, body: () => void): void {
  const target = mongoTarget();
  const label = target.kind === 'external' ? `${title} (MongoDB at ${MONGODB_URI_ENV})` : target.kind === 'congodb' ? `${title} (CongoDB)` : title;
  if (target.kind !== 'missing' || process.env.CI === 'true') describe(label, body);
  else describe.skip(`${title} [skipped: ${target.reason}]`, body);
}

/** Starts a server before the enclosing describe's tests and disposes of it afterwards. */
export function useMongoServer(): () => MongoTestServer {
  let server: MongoTestServer | undefined;
  beforeAll(async () => {
    server = await startMongoTestServer();
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
  });
  return () => {
    if (!server) throw new Error('the MongoDB test server did not start (beforeAll failed)');
    return server;
  };
}
