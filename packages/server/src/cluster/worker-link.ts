/**
 * A worker's side of the IPC channel to the primary: message events relayed
 * through the primary (so websocket subscribers of every worker hear posts made
 * through any worker, whatever the store), queue-metadata invalidations,
 * cluster-wide metrics scrapes, the shutdown order, and the worker's slot.
 */
import type { ClusterMetrics, MessageEvents, PostedEvent } from '@zaqarjs/core';
import { isZaqarMessage, SLOT_ENV, type PrimaryMessage, type WorkerMessage } from './protocol';

/** What a worker process exchanges with the primary. */
export interface ClusterLink {
  /** The worker's slot: 0..workers-1, kept across restarts (slot 0 collects garbage). */
  readonly slot: number;
  /** Message events relayed through the primary. */
  readonly events: MessageEvents;
  /** Tells the other workers that a queue's metadata changed. */
  queueChanged(project: string, queue: string): void;
  /** Calls `listener` when another worker changed a queue's metadata. */
  onQueueChanged(listener: (project: string, queue: string) => void): void;
  /** Every worker's metrics, gathered through the primary. */
  readonly metrics: ClusterMetrics;
}

/** The link of this process when it is a cluster worker (it has an IPC channel). */
export class WorkerLink implements ClusterLink {
  readonly slot: number;
  readonly events: MessageEvents;
  private readonly postedListeners = new Set<(event: PostedEvent) => void>();
  private readonly queueListeners: ((project: string, queue: string) => void)[] = [];
  private readonly subscribedWaiters: (() => void)[] = [];
  readonly metrics: ClusterMetrics;
  private snapshot?: () => Promise<unknown>;
  private nextRequest = 1;
  private readonly metricsWaiters = new Map<number, (snapshots: unknown[]) => void>();
  /** Until the primary says otherwise, assume someone listens: a lost post notice is worse than a spare one. */
  private audience = true;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.slot = Number(env[SLOT_ENV] ?? 0);
    this.events = {
      publish: async (event) => {
        if (this.audience) this.send({ zaqar: 'posted', event });
      },
      subscribe: (listener) => this.subscribe(listener),
    };
    this.metrics = {
      provide: (snapshot) => void (this.snapshot = snapshot),
      gather: () => this.gatherMetrics(),
    };
    process.on('message', (message: unknown) => {
      if (isZaqarMessage<PrimaryMessage>(message)) this.receive(message);
    });
    // A scrape waiting on a primary that has gone gets nothing gathered: the transport then serves this worker's own counts.
    process.once('disconnect', () => {
      for (const [request, resolve] of this.metricsWaiters) {
        this.metricsWaiters.delete(request);
        resolve([]);
      }
    });
  }

  queueChanged(project: string, queue: string): void {
    this.send({ zaqar: 'queue-changed', project, queue });
  }

  onQueueChanged(listener: (project: string, queue: string) => void): void {
    this.queueListeners.push(listener);
  }

  /** Tells the primary that this worker listens (and serves). */
  ready(): void {
    this.send({ zaqar: 'ready' });
  }

  /** Calls `listener` when the primary orders a drain. */
  onShutdown(listener: () => void): void {
    process.on('message', (message: unknown) => {
      if (isZaqarMessage<PrimaryMessage>(message) && message.zaqar === 'shutdown') listener();
    });
  }

  private async subscribe(listener: (event: PostedEvent) => void): Promise<() => Promise<void>> {
    this.postedListeners.add(listener);
    // Resolves once the primary told every worker to relay posts: a post answered after this is heard.
    await new Promise<void>((resolve) => {
      this.subscribedWaiters.push(resolve);
      this.send({ zaqar: 'subscribe' });
    });
    return async () => void this.postedListeners.delete(listener);
  }

  private gatherMetrics(): Promise<unknown[]> {
    // Without the primary (it is exiting) this worker's own snapshot is all there is.
    if (!process.connected) return this.ownSnapshot().then((own) => (own === undefined ? [] : [own]));
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.metricsWaiters.set(request, resolve);
      this.send({ zaqar: 'metrics-request', request });
    });
  }

  private async ownSnapshot(): Promise<unknown> {
    return this.snapshot?.();
  }

  private receive(message: PrimaryMessage): void {
    switch (message.zaqar) {
      case 'posted':
        for (const listener of this.postedListeners) listener(message.event);
        break;
      case 'queue-changed':
        for (const listener of this.queueListeners) listener(message.project, message.queue);
        break;
      case 'audience':
        this.audience = message.listening;
        break;
      case 'subscribed':
        this.subscribedWaiters.shift()?.();
        break;
      case 'metrics-collect':
        void this.ownSnapshot().then(
          (snapshot) => this.send({ zaqar: 'metrics-snapshot', gathering: message.gathering, snapshot }),
          () => this.send({ zaqar: 'metrics-snapshot', gathering: message.gathering, snapshot: undefined }),
        );
        break;
      case 'metrics':
        this.metricsWaiters.get(message.request)?.(message.snapshots);
        this.metricsWaiters.delete(message.request);
        break;
    }
  }

  private send(message: WorkerMessage): void {
    // The channel is gone while the primary is exiting; the worker is draining then.
    if (process.connected) process.send?.(message);
  }
}
