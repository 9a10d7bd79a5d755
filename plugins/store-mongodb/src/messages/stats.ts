/** Queue stats in one aggregation plus the oldest and newest message. */
import type { QueueStats } from '@zaqarjs/core';
import type { Collection } from 'mongodb';
import { idSeconds } from '../util/ids';
import type { MessageDoc } from './documents';
import { liveIn } from './queries';

interface Counts {
  total: number;
  claimed: number;
  delayed: number;
}

export async function queueStats(collection: Collection<MessageDoc>, p_q: string, now: number): Promise<QueueStats> {
  const live = liveIn(p_q, now);
  const [counts] = await collection
    .aggregate<Counts>([
      { $match: live },
      {
        $group: {
          _id: null,
          total: { $sum: 1 },
          claimed: { $sum: { $cond: [{ $gt: ['$c.e', now] }, 1, 0] } },
          delayed: { $sum: { $cond: [{ $gt: ['$d', now] }, 1, 0] } },
        },
      },
    ])
    .toArray();
  const total = counts?.total ?? 0;
  const claimed = counts?.claimed ?? 0;
  const stats: QueueStats = { claimed, free: total - claimed, delayed: counts?.delayed ?? 0, total };
  if (total === 0) return stats;
  const edge = (direction: 1 | -1) =>
    collection
      .find(live, { projection: { _id: 1 } })
      .sort({ k: direction })
      .limit(1)
      .next();
  const [oldest, newest] = await Promise.all([edge(1), edge(-1)]);
  const view = (doc: { _id: MessageDoc['_id'] }) => {
    const created = idSeconds(doc._id);
    return { id: doc._id.toHexString(), created, age: Math.max(0, now - created) };
  };
  if (oldest) stats.oldest = view(oldest);
  if (newest) stats.newest = view(newest);
  return stats;
}
