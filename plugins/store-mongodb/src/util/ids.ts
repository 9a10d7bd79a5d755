/** ObjectId helpers: parsing client-supplied ids, time-stamped new ids, and ids derived from a key. */
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';

const HEX_ID = /^[0-9a-fA-F]{24}$/;

/** The ObjectId an id string names, or undefined for anything else (callers answer "does not exist"). */
export function parseId(id: string | undefined | null): ObjectId | undefined {
  return typeof id === 'string' && HEX_ID.test(id) ? new ObjectId(id) : undefined;
}

/** ObjectIds of the valid strings among `ids` (invalid ones are dropped, duplicates kept once). */
export function parseIds(ids: readonly string[]): ObjectId[] {
  const seen = new Set<string>();
  const result: ObjectId[] = [];
  for (const id of ids) {
    const parsed = parseId(id);
    if (parsed && !seen.has(parsed.toHexString())) {
      seen.add(parsed.toHexString());
      result.push(parsed);
    }
  }
  return result;
}

let counter = randomBytes(3).readUIntBE(0, 3);
const processUnique = randomBytes(5);

/**
 * A new ObjectId whose timestamp is `seconds` (the store's clock, which tests move),
 * so that, as in the reference, the id carries the creation time. Layout as the driver's:
 * 4-byte time, 5 per-process random bytes, 3-byte counter.
 */
export function newId(seconds: number): ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(seconds >>> 0, 0);
  processUnique.copy(bytes, 4);
  counter = (counter + 1) % 0xffffff;
  bytes.writeUIntBE(counter, 9, 3);
  return new ObjectId(bytes);
}

/** Creation time (UNIX seconds) carried by an id made by newId. */
export function idSeconds(id: ObjectId): number {
  return id.getTimestamp().getTime() / 1000;
}

/**
 * A deterministic ObjectId for a natural key (a queue's `project/name`, a pool name...).
 * Inserting two documents with the same key then fails with a duplicate `_id` error on
 * any server, which is what arbitrates uniqueness: some wire-compatible servers do not
 * enforce unique secondary indexes. `kind` keeps keys of different collections apart.
 */
export function keyId(kind: string, ...parts: string[]): ObjectId {
  const hash = createHash('sha256').update(kind);
  // Length-prefixed parts: ('a/b', 'c') and ('a', 'b/c') must not collide.
  for (const part of parts) hash.update(`\0${Buffer.byteLength(part)}:`).update(part);
  return new ObjectId(hash.digest().subarray(0, 12));
}
