import { idSeconds, keyId, newId, parseId, parseIds } from '../src/util/ids';
import { byteOrderKey, escapeRegex } from '../src/util/values';

describe('ids', () => {
  it('derives the same ObjectId from the same key and different ones otherwise', () => {
    expect(keyId('queues', 'p/q').toHexString()).toBe(keyId('queues', 'p/q').toHexString());
    expect(keyId('queues', 'p/q').equals(keyId('topics', 'p/q'))).toBe(false);
    // Parts are length-prefixed: moving a separator changes the key.
    expect(keyId('subscriber', 'a/b', 'c', 'u').equals(keyId('subscriber', 'a', 'b/c', 'u'))).toBe(false);
  });

  it('stamps new ids with the given second and keeps them unique', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_700_000_000));
    expect(new Set(ids.map((id) => id.toHexString())).size).toBe(1000);
    expect(idSeconds(ids[0])).toBe(1_700_000_000);
  });

  it('parses 24-hex ids only', () => {
    const id = newId(1).toHexString();
    expect(parseId(id)?.toHexString()).toBe(id);
    for (const bad of ['', 'garbage', 'ffffffff-ffff-4fff-8fff-ffffffffffff', `${id}0`, id.slice(1), '%%%']) expect(parseId(bad)).toBeUndefined();
    expect(parseIds([id, 'bad', id.toUpperCase()]).map((o) => o.toHexString())).toEqual([id]);
  });
});

describe('values', () => {
  it('escapes every regular-expression metacharacter', () => {
    const hostile = '.*+?^${}()|[]\\/-';
    expect(new RegExp(escapeRegex(hostile)).test(`x${hostile}y`)).toBe(true);
    expect(new RegExp(escapeRegex('a.b')).test('axb')).toBe(false);
  });

  it('orders byte-order keys like the UTF-8 bytes, under a locale collation too', () => {
    const names = ['b', 'B', 'a', 'A', '_x', '-y', '9', 'a.b', 'a-b', 'a_b', 'aa', 'Z', 'é', 'z'];
    const bytewise = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const byKey = [...names].sort((x, y) => byteOrderKey(x).localeCompare(byteOrderKey(y)));
    expect(byKey).toEqual(bytewise);
  });
});
