/**
 * A topic's messages and subscriptions live in the message store under
 * `~<topic>`, a name no queue can have (queue names are letters, digits, `_`, `-`).
 */
const PREFIX = '~';

/** The message-store name of a topic's messages and subscriptions. */
export function topicStorageName(topic: string): string {
  return PREFIX + topic;
}

/** The topic a message-store name belongs to, or undefined for a queue. */
export function topicOfStorageName(name: string): string | undefined {
  return name.startsWith(PREFIX) ? name.slice(PREFIX.length) : undefined;
}
