import { NoticesSentWithPosts } from '../../src/messages/notices-sent';

describe('notices sent with posts', () => {
  it('answers once per post whether its notice was sent, and forgets the oldest beyond its capacity', () => {
    const sent = new NoticesSentWithPosts(2);
    for (const id of ['a', 'b', 'c']) sent.add(id);
    expect(sent.take('a')).toBe(false);
    expect(sent.take('b')).toBe(true);
    expect(sent.take('b')).toBe(false);
    expect(sent.take('c')).toBe(true);
    expect(sent.take('never-posted')).toBe(false);
  });
});
