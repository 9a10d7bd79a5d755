import { FanoutMemo, type FanoutInputs } from '../../src/notifier/fanout-memo';

const inputs = (n: number): FanoutInputs => ({ subscriptions: [], queuePolicy: { n } });

describe('FanoutMemo', () => {
  it('reads once within the ttl, again after forget, and per queue', async () => {
    const memo = new FanoutMemo(60_000);
    let reads = 0;
    const load = async () => inputs(++reads);
    expect(await memo.get('p', 'q', load)).toEqual(inputs(1));
    expect(await memo.get('p', 'q', load)).toEqual(inputs(1));
    expect(await memo.get('p', 'other', load)).toEqual(inputs(2));
    memo.forget('p', 'q');
    expect(await memo.get('p', 'q', load)).toEqual(inputs(3));
  });

  it('does not keep a read that a forget overtook', async () => {
    const memo = new FanoutMemo(60_000);
    let release!: () => void;
    const slow = memo.get('p', 'q', () => new Promise<FanoutInputs>((resolve) => (release = () => resolve(inputs(1)))));
    memo.forget('p', 'q');
    release();
    await slow;
    expect(await memo.get('p', 'q', async () => inputs(2))).toEqual(inputs(2));
  });

  it('a ttl of 0 reads every time', async () => {
    const memo = new FanoutMemo(0);
    let reads = 0;
    await memo.get('p', 'q', async () => inputs(++reads));
    await memo.get('p', 'q', async () => inputs(++reads));
    expect(reads).toBe(2);
  });
});
