import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ControlDriver, DataDriver } from '../storage/driver';
import type { StoredMessage } from '../storage/types';
import type { Logger } from '../util/logger';

/**
 * The storage self-test behind `GET /v2/health`, as the reference's
 * health check runs it: a synthetic round trip in a throw-away project and queue,
 * through the same store calls the reference makes, each step timed.
 */

/** One step's outcome; `ref` is the id the failure was logged under. */
export interface OperationStatus {
  succeeded: boolean;
  seconds: number;
  ref: string | null;
}

export interface StoreHealthReport {
  /** The message store answers (the reference's field). */
  storage_reachable: boolean;
  /** The management store answers (ours: the reference reports it only when pooled, as catalog_reachable). */
  management_store_reachable: boolean;
  operation_status: Record<string, OperationStatus>;
}

const MESSAGE_COUNT = 100;
const MESSAGE_TTL = 600;
const CLAIM = { ttl: 60, grace: 300, limit: 10 };
const LIST_LIMIT = 10;

/** Times steps and records them under their reference names. */
class StepRecorder {
  readonly status: Record<string, OperationStatus> = {};
  constructor(private readonly logger: Logger) {}

  /** Runs `call`; a failure is logged under a fresh ref and reported as `{ ok: false }`. */
  async run<T>(name: string, call: () => Promise<T>): Promise<{ ok: boolean; value?: T }> {
    const start = performance.now();
    try {
      const value = await call();
      this.record(name, true, start, null);
      return { ok: true, value };
    } catch (error) {
      const ref = randomUUID();
      this.logger.error({ err: error, ref, operation: name }, 'Health check operation failed');
      this.record(name, false, start, ref);
      return { ok: false };
    }
  }

  /** Accumulates time over repeated calls of one step (deleting each claimed message). */
  private record(name: string, succeeded: boolean, start: number, ref: string | null): void {
    const seconds = (performance.now() - start) / 1000 + (this.status[name]?.seconds ?? 0);
    this.status[name] = { succeeded, seconds, ref };
  }
}

/** Runs the self-test; never throws for a failing step (the step reports it). */
export async function runStoreHealthCheck(control: ControlDriver, data: DataDriver, logger: Logger): Promise<StoreHealthReport> {
  const [reachable, managementReachable] = await Promise.all([data.isAlive().catch(() => false), control.isAlive().catch(() => false)]);
  const steps = new StepRecorder(logger);
  const [project, queue, client] = [randomUUID(), randomUUID(), randomUUID()];
  const created = await steps.run('create_queue', () => control.queues.create(project, queue, {}));
  if (created.ok) {
    const messages = Array.from({ length: MESSAGE_COUNT }, (_, i) => ({ body: { event: `p_${i}` }, ttl: MESSAGE_TTL, delay: 0 }));
    const posted = await steps.run('post_messages', () => data.messages.post(project, queue, messages, client));
    const ids = posted.value ?? [];
    if (ids.length > 0) await claimListAndRelease(steps, data, project, queue, client);
    await steps.run('bulk_delete_messages', () => data.messages.bulkDelete(project, queue, ids));
    await steps.run('delete_queue', async () => {
      await data.messages.deleteAll(project, queue);
      await control.queues.delete(project, queue);
    });
  }
  return { storage_reachable: reachable, management_store_reachable: managementReachable, operation_status: steps.status };
}

async function claimListAndRelease(steps: StepRecorder, data: DataDriver, project: string, queue: string, client: string): Promise<void> {
  const claimed = await steps.run('claim_messages', () => data.claims.create(project, queue, CLAIM));
  await steps.run('list_messages', () =>
    data.messages.list(project, queue, { limit: LIST_LIMIT, echo: true, clientId: client, includeClaimed: true, includeDelayed: false }),
  );
  const claim = claimed.value;
  if (!claim || claim.messages.length === 0) return;
  await deleteClaimedMessages(steps, data, project, queue, claim.id, claim.messages);
  await steps.run('delete_claim', () => data.claims.delete(project, queue, claim.id));
}

async function deleteClaimedMessages(
  steps: StepRecorder,
  data: DataDriver,
  project: string,
  queue: string,
  claimId: string,
  messages: StoredMessage[],
): Promise<void> {
  for (const message of messages) {
    const deleted = await steps.run('delete_messages', () => data.messages.delete(project, queue, message.id, claimId));
    if (!deleted.ok) return;
  }
}
