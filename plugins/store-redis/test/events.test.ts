import { parseEvent } from '../src/events';

describe('posted notices on the wire', () => {
  it('reads a notice and ignores anything else published on the channel', () => {
    expect(parseEvent('{"project":"p","queue":"q","messageIds":["a","b"]}')).toEqual({ project: 'p', queue: 'q', messageIds: ['a', 'b'] });
    expect(parseEvent('{"project":"p","queue":"q","messageIds":["a"],"extra":1}')).toEqual({ project: 'p', queue: 'q', messageIds: ['a'] });
    for (const junk of [
      '',
      'null',
      '[]',
      'not json',
      '{"project":"p","queue":"q"}',
      '{"project":1,"queue":"q","messageIds":[]}',
      '{"project":"p","queue":"q","messageIds":[1]}',
    ]) {
      expect(parseEvent(junk)).toBeUndefined();
    }
  });
});
