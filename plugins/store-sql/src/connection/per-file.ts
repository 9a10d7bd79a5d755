/** A value shared by every connection this process opens on one database file. */
export interface Shared<T> {
  readonly value: T;
  /** Drops this user's share; the last release disposes the value. Idempotent. */
  release(): void;
}

const entries = new Map<string, { value: unknown; users: number; dispose(value: unknown): void }>();

/** The value registered under `key`, created on first use and disposed after the last release. */
export function sharePerFile<T>(key: string, create: () => T, dispose: (value: T) => void): Shared<T> {
  let entry = entries.get(key);
  if (!entry) {
    entry = { value: create(), users: 0, dispose: dispose as (value: unknown) => void };
    entries.set(key, entry);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    value: held.value as T,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0 || entries.get(key) !== held) return;
      entries.delete(key);
      held.dispose(held.value);
    },
  };
}
