/**
 * Posts are announced (PushSubscribers.announce: to this process, or through
 * the store's events to every process sharing it) by the notification stage
 * when it runs. Long-poll claimers need the notices without it too (a
 * deployment serving HTTP only), so then this stage announces instead: one
 * announcer per post either way, so one message wakes one claimer.
 */
import { NOTIFICATION_STAGE, type Logger, type PipelineStage, type PushSubscribers } from '@zaqarjs/core';
import type { StagesByResource } from './storage-pipeline';

/** A stage announcing each post after the write, in the background (a failed notice never fails the post). */
export function postAnnouncerStage(push: PushSubscribers, logger: Logger): PipelineStage {
  return {
    messages: {
      post: async (next, project, queue, messages, clientId) => {
        const ids = await next(project, queue, messages, clientId);
        push.announce({ project, queue, messageIds: [...ids] }).catch((error: unknown) => {
          logger.warn({ err: error, event: 'post_notice_failed', queue }, 'Post notice failed (long-poll claimers wait for the re-check)');
        });
        return ids;
      },
    },
  };
}

/** The stages with the post announcer last in the message pipeline, unless the notification stage announces already. */
export function withPostAnnouncer(stages: StagesByResource, messagePipeline: readonly string[], push: PushSubscribers, logger: Logger): StagesByResource {
  if (messagePipeline.includes(NOTIFICATION_STAGE)) return stages;
  return { ...stages, message: [...stages.message, postAnnouncerStage(push, logger)] };
}
