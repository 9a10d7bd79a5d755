import { KeySpace, segment } from '../src/keys';

describe('key layout', () => {
  const keys = new KeySpace('zaqar:');

  it('length-prefixes every variable segment by its UTF-8 size', () => {
    expect(segment('proj')).toBe('4:proj');
    expect(segment('é')).toBe('2:é');
    expect(segment('')).toBe('0:');
    expect(keys.queue('proj', 'jobs')).toBe('zaqar:q:4:proj:4:jobs:');
  });

  it('gives distinct keys to names the reference\'s "." separator confused', () => {
    const pairs: [string, string][] = [
      ['a.b', 'c'],
      ['a', 'b.c'],
      ['a:1', 'b'],
      ['a', '1:b'],
      ['', 'a.b.c'],
      ['a.b.c', ''],
    ];
    const bases = pairs.map(([p, q]) => keys.queue(p, q));
    expect(new Set(bases).size).toBe(pairs.length);
    // No base is a prefix of another, so no suffixed key of one queue can name another queue's key.
    for (const a of bases) for (const b of bases) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });

  it('keeps management keys per project apart the same way', () => {
    expect(keys.catalog('queues', 'a:b').names).not.toBe(keys.catalog('queues', 'a').names);
    expect(keys.catalog('queues', 'p').meta).not.toBe(keys.catalog('topics', 'p').meta);
    expect(keys.flavors('p').caps).toBe('zaqar:flavors:1:p:caps');
    expect(keys.catalogue('p')).toBe('zaqar:catalogue:1:p');
  });
});
