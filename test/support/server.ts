/**
 * Starts the real HTTP transport on port 0 over the real request layer and a
 * store chosen by ZAQAR_TEST_STORE (see stores.ts), and gives tests a small
 * fetch wrapper with default Client-ID / X-Project-ID headers.
 *
 *   const server = await startServer({ conf: { DEFAULT: { enable_checksum: 'true' } } });
 *   const res = await server.request('POST', '/v2/queues/q/messages', { body: { messages: [{ body: 1 }] } });
 *   await server.close();
 */
import { randomUUID } from 'node:crypto';
import { coreOptionGroups, type Conf, type Logger, OptionRegistry, type RawSections, TypedConf } from '@zaqarjs/core';
import { RequestApi } from '@zaqarjs/core/api';
import { type Authorize, createHttpServer, type HttpTransport } from '@zaqarjs/transport-wsgi';
import { openStores, prepareStores, selectedStore, type StoreKind, storeOptionGroups, type TestStores } from './stores';

/** Client-ID sent by default (canonical UUID). */
export const CLIENT_ID = '3381af92-2b9e-11e3-b191-71861300734c';
/** A second client, for echo tests. */
export const OTHER_CLIENT_ID = '7e7e7e7e-1111-4222-8333-944444444444';

export interface StartOptions {
  /** Extra zaqar.conf sections (raw text values, as in the INI file). */
  conf?: RawSections;
  /** Back end; default from ZAQAR_TEST_STORE. */
  store?: StoreKind;
  /** Policy hook handed to the transport. */
  authorize?: Authorize;
  /** Project sent by default; a fresh one per server when absent. */
  project?: string;
}

/** What `request` sends besides method and path. */
export interface RequestInit {
  /** Header overrides; `null` removes a default header (e.g. `{ 'Client-ID': null }`). */
  headers?: Record<string, string | null>;
  /** JSON-serialised unless a string or Buffer; content-type defaults to application/json. */
  body?: unknown;
}

/** A response with its body read once: `body` is parsed JSON (or undefined when empty / not JSON). */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestServer {
  url: string;
  project: string;
  api: RequestApi;
  conf: Conf;
  stores: TestStores;
  transport: HttpTransport;
  /** Error-level log entries (500s and storage failures), for assertions that nothing crashed. */
  errors: unknown[];
  request(method: string, path: string, init?: RequestInit): Promise<TestResponse>;
  close(): Promise<void>;
}

/** A requester bound to one project (`X-Project-ID`, unless the call's headers override it). */
export interface ProjectRequest {
  (method: string, path: string, init?: RequestInit): Promise<TestResponse>;
  project: string;
}

/** A requester on `server` in a project of its own (`p-<random>`), so listings only see what it made. */
export function inFreshProject(server: TestServer): ProjectRequest {
  const project = `p-${Math.random().toString(36).slice(2)}`;
  const req = ((method, path, init) => server.request(method, path, { ...init, headers: { 'X-Project-ID': project, ...init?.headers } })) as ProjectRequest;
  req.project = project;
  return req;
}

/** A Logger that keeps errors and drops everything else. */
export function recordingLogger(errors: unknown[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (obj) => void errors.push(obj),
    child: () => logger,
  };
  return logger;
}

/** Typed configuration from raw sections, with core's and the stores' option groups. */
export function buildConf(sections: RawSections, kind: StoreKind): Conf {
  const registry = new OptionRegistry().register(...coreOptionGroups, ...storeOptionGroups(kind));
  return new TypedConf(registry, sections);
}

function mergeSections(...all: (RawSections | undefined)[]): RawSections {
  const merged: RawSections = {};
  for (const sections of all) {
    for (const [name, values] of Object.entries(sections ?? {})) merged[name] = { ...merged[name], ...values };
  }
  return merged;
}

/** Starts a server on 127.0.0.1, port 0. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const kind = options.store ?? selectedStore();
  const prepared = await prepareStores(kind);
  const conf = buildConf(mergeSections(prepared.sections, options.conf), kind);
  const errors: unknown[] = [];
  const logger = recordingLogger(errors);
  const stores = await openStores(kind, conf, logger, prepared);
  const api = new RequestApi({ conf, control: stores.control, data: stores.data, logger });
  const transport = createHttpServer(api, conf, logger, { host: '127.0.0.1', port: 0, authorize: options.authorize });
  await transport.listen();
  const project = options.project ?? `proj-${randomUUID().slice(0, 8)}`;
  const url = transport.url;
  return {
    url,
    project,
    api,
    conf,
    stores,
    transport,
    errors,
    request: (method, path, init) => sendRequest(url, method, path, { 'Client-ID': CLIENT_ID, 'X-Project-ID': project }, init),
    close: async () => {
      await transport.close(1000);
      await stores.close();
    },
  };
}

/** One fetch with default headers merged with the overrides. */
export async function sendRequest(base: string, method: string, path: string, defaults: Record<string, string>, init: RequestInit = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...defaults };
  let body: string | Buffer | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    if (value !== null) headers[name] = value;
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}
