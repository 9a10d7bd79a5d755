/**
 * MessageEvents over the back end's NotifyChannel (PostgreSQL LISTEN/NOTIFY): a
 * post announced by one server process reaches subscribers in every process
 * using the same schema. Delivery is best effort, like the channel: events sent
 * while a listener is reconnecting are lost.
 */
import { StorageUnavailable, type Logger, type MessageEvents, type PostedEvent } from '@zaqarjs/core';
import type { NotifyChannel } from '../connection/backend';
import type { StoreContext } from '../store-context';

/** PostgreSQL refuses payloads of 8000 bytes or more; ids are split over several notices below this. */
const MAX_PAYLOAD_BYTES = 7000;

/** `event` as JSON payloads under the size limit, splitting its ids when needed. */
export function encodeEvents(event: PostedEvent): string[] {
  const whole = JSON.stringify(event);
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES || event.messageIds.length <= 1) return [whole];
  const half = Math.ceil(event.messageIds.length / 2);
  return [...encodeEvents({ ...event, messageIds: event.messageIds.slice(0, half) }), ...encodeEvents({ ...event, messageIds: event.messageIds.slice(half) })];
}

/** The event a payload carries, or undefined when it is not one of ours. */
export function decodeEvent(payload: string): PostedEvent | undefined {
  try {
    const value = JSON.parse(payload) as Partial<PostedEvent>;
    const ok = typeof value.project === 'string' && typeof value.queue === 'string' && Array.isArray(value.messageIds);
    return ok ? { project: value.project!, queue: value.queue!, messageIds: value.messageIds!.map(String) } : undefined;
  } catch {
    return undefined;
  }
}

/** `DataDriver.events` of a store whose back end has a notification channel. */
export class NotifyMessageEvents implements MessageEvents {
  constructor(
    private readonly ctx: StoreContext,
    private readonly logger?: Logger,
  ) {}

  async publish(event: PostedEvent): Promise<void> {
    const channel = this.channel();
    for (const payload of encodeEvents(event)) await channel.notify(payload);
  }

  async subscribe(listener: (event: PostedEvent) => void): Promise<() => Promise<void>> {
    return this.channel().listen((payload) => {
      const event = decodeEvent(payload);
      if (!event) return;
      try {
        listener(event);
      } catch (error) {
        // A listener's bug must not take the LISTEN connection down with it.
        this.logger?.error({ err: (error as Error)?.message }, 'A posted-messages listener threw');
      }
    });
  }

  private channel(): NotifyChannel {
    const channel = this.ctx.backend.notifications;
    if (!channel) throw new StorageUnavailable('This SQL dialect has no notification channel.');
    return channel;
  }
}
