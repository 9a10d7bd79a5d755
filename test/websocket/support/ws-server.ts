/**
 * Starts the websocket transport and the HTTP transport side by side on port 0,
 * over one request layer whose message store runs the notifier stage (as the
 * composition root wires them), on the back end chosen by ZAQAR_TEST_STORE.
 * `events` replaces the store's cross-process channel (a fake bus shared by
 * two servers stands for a second process).
 */
import { randomUUID } from 'node:crypto';
import {
  type Authenticator,
  type Authorize,
  coreOptionGroups,
  type DataDriver,
  type MessageEvents,
  NotificationFanout,
  OptionRegistry,
  PushSubscribers,
  type RawSections,
  TypedConf,
} from '@zaqarjs/core';
import { RequestApi } from '@zaqarjs/core/api';
import { pipelineDataDriver } from '@zaqarjs/server';
import { createHttpServer, type HttpTransport } from '@zaqarjs/transport-wsgi';
import { websocketOptions, WebsocketTransport } from '@zaqarjs/transport-websocket';
import { recordingLogger } from '../../support/server';
import { openStores, prepareStores, selectedStore, type StoreKind, storeOptionGroups, type TestStores } from '../../support/stores';

export interface WsServerOptions {
  /** Extra zaqar.conf sections (raw text values). */
  conf?: RawSections;
  store?: StoreKind;
  /** Cross-process channel to use instead of the store's own (undefined: the store's). */
  events?: MessageEvents;
  /** Open these stores instead of fresh ones (a second "process" on the same data). */
  shareStoresOf?: WsTestServer;
  /** Authenticator of both transports (default: noauth, when the configuration asks for it). */
  authenticator?: Authenticator;
  /** Policy check of both transports (default: none, everything allowed). */
  authorize?: Authorize;
}

export interface WsTestServer {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  /** `http://127.0.0.1:<port>` of the HTTP transport. */
  httpUrl: string;
  project: string;
  api: RequestApi;
  stores: TestStores;
  data: DataDriver;
  push: PushSubscribers;
  transport: WebsocketTransport;
  http: HttpTransport;
  errors: unknown[];
  close(graceMs?: number): Promise<void>;
}

function merge(...all: (RawSections | undefined)[]): RawSections {
  const merged: RawSections = {};
  for (const sections of all) for (const [name, values] of Object.entries(sections ?? {})) merged[name] = { ...merged[name], ...values };
  return merged;
}

/** The store seen with another `events` member (everything else reads through). */
function withEvents(data: DataDriver, events: MessageEvents | undefined): DataDriver {
  if (!events) return data;
  return new Proxy(data, {
    get: (target, prop) => {
      if (prop === 'events') return events;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const NO_STAGES = { queue: [], claim: [], subscription: [], topic: [] };

/** Starts both transports on 127.0.0.1. */
export async function startWsServer(options: WsServerOptions = {}): Promise<WsTestServer> {
  const kind = options.store ?? selectedStore();
  const prepared = options.shareStoresOf ? undefined : await prepareStores(kind);
  const base = options.shareStoresOf ? {} : prepared!.sections;
  const registry = new OptionRegistry().register(...coreOptionGroups, ...storeOptionGroups(kind), websocketOptions);
  const conf = new TypedConf(registry, merge(base, { drivers: { transport: 'wsgi, websocket' } }, options.conf));
  conf.validate();
  const errors: unknown[] = [];
  const logger = recordingLogger(errors);
  const stores = options.shareStoresOf ? options.shareStoresOf.stores : await openStores(kind, conf, logger, prepared!);
  const data = withEvents(stores.data, options.events);
  const requireConfirmation = conf.group<{ require_confirmation: boolean }>('notification').require_confirmation;
  const push = new PushSubscribers({ data, logger, requireConfirmation });
  const fanout = new NotificationFanout({ data, logger, notifiers: () => new Map(), push: () => push, workers: 10, requireConfirmation });
  const served = pipelineDataDriver(data, { ...NO_STAGES, message: [fanout.stage()] });
  const api = new RequestApi({ conf, control: stores.control, data: served, logger });
  const security = { authenticator: options.authenticator, authorize: options.authorize };
  const http = createHttpServer(api, conf, logger, { host: '127.0.0.1', port: 0, ...security });
  const transport = new WebsocketTransport(api, conf, logger, {
    push,
    host: '127.0.0.1',
    port: 0,
    notificationHost: '127.0.0.1',
    notificationPort: 0,
    ...security,
  });
  await http.listen();
  await transport.listen();
  return {
    url: transport.url,
    httpUrl: http.url,
    project: `proj-${randomUUID().slice(0, 8)}`,
    api,
    stores,
    data,
    push,
    transport,
    http,
    errors,
    close: async (graceMs = 1000) => {
      await transport.close(graceMs);
      await http.close(graceMs);
      if (!options.shareStoresOf) await stores.close();
    },
  };
}

/** An in-process stand-in for a store's pub/sub: every subscriber hears every publish. */
export class FakeEventBus implements MessageEvents {
  private readonly listeners = new Set<(event: Parameters<MessageEvents['publish']>[0]) => void>();

  async publish(event: Parameters<MessageEvents['publish']>[0]): Promise<void> {
    // Delivered asynchronously, like a real channel.
    setImmediate(() => this.listeners.forEach((listener) => listener(event)));
  }

  async subscribe(listener: (event: Parameters<MessageEvents['publish']>[0]) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }
}
