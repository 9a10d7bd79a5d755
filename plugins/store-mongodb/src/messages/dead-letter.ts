/** Dead-letter moves: a message over its claim budget goes to the DLQ's tail, free. */
import type { DeadLetterPolicy } from '@zaqarjs/core';
import type { AnyBulkWriteOperation } from 'mongodb';
import { toDate } from '../util/values';
import { scopeKey, type MessageDoc } from './documents';
import type { MessageStoreContext } from './message-store-context';
import { insertHidden, type MessagePoster } from './posting';
import { newId } from '../util/ids';

/**
 * Moves `docs` (claimed by the caller, still in `queue`) to the policy's queue in the same
 * project. They keep their id, body and claim count, lose the claim (recommended over the
 * reference, which left them shown as claimed), and take the dead-letter TTL from now when
 * the policy has one. Within one partition the documents are re-labelled in place; across
 * partitions they are copied (hidden until complete) and then removed from the source.
 */
export async function moveToDeadLetter(
  ctx: MessageStoreContext,
  poster: MessagePoster,
  project: string,
  queue: string,
  docs: MessageDoc[],
  policy: DeadLetterPolicy,
  now: number,
): Promise<void> {
  if (docs.length === 0) return;
  const source = scopeKey(project, queue);
  const target = scopeKey(project, policy.queue);
  const retarget = (doc: MessageDoc, k: number): Partial<MessageDoc> => ({
    p_q: target,
    k,
    c: { ...doc.c, id: null, e: now },
    ...(policy.messagesTtl === undefined ? {} : { t: policy.messagesTtl, e: toDate(now + policy.messagesTtl) }),
  });
  await poster.append(project, policy.queue, docs.length, async (first) => {
    const from = ctx.messages(project, queue);
    if (ctx.partitionOf(project, queue) === ctx.partitionOf(project, policy.queue)) {
      const ops: AnyBulkWriteOperation<MessageDoc>[] = docs.map((doc, i) => ({
        updateOne: { filter: { _id: doc._id, p_q: source }, update: { $set: retarget(doc, first + i) } },
      }));
      await from.bulkWrite(ops, { ordered: true });
      return;
    }
    const tx = newId(now);
    const copies = docs.map((doc, i) => ({ ...doc, ...retarget(doc, first + i), tx }));
    await insertHidden(ctx, project, policy.queue, copies, tx, async () => {
      await from.deleteMany({ p_q: source, _id: { $in: docs.map((d) => d._id) } });
    });
  });
}
