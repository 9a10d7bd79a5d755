/** Messages were posted to a queue (announced after the write, with the stored ids). */
export interface PostedEvent {
  project: string;
  queue: string;
  messageIds: string[];
}

/**
 * Cross-process notices carried by the store's own means (Redis pub/sub,
 * PostgreSQL LISTEN/NOTIFY...), so a subscriber connected to one server
 * process hears of messages posted through another. Stores without such a
 * channel leave `DataDriver.events` undefined (single-process fan-out only).
 */
export interface MessageEvents {
  /** Announces an event to every process sharing the store, this one included. */
  publish(event: PostedEvent): Promise<void>;
  /** Calls `listener` for every event any process publishes; resolves with an unsubscribe function. */
  subscribe(listener: (event: PostedEvent) => void): Promise<() => Promise<void>>;
  /** Whether posts to this queue reach other processes (absent: all do); pooled stores mix channels per queue. */
  carries?(project: string, queue: string): Promise<boolean>;
}
