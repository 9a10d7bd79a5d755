import { ClaimsInLine } from '../../src/messages/claims-in-line';

/** A claim whose end the test decides, recording when it started. */
function pendingClaim(started: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const claim = () => {
    started.push(name);
    return done;
  };
  return { claim, finish: () => finish(name), fail: () => fail(new Error(`${name} failed`)) };
}

const turn = () => new Promise(setImmediate);

describe('claims in line per queue', () => {
  it('starts a claim on a queue only once the one before it on that queue has finished', async () => {
    const line = new ClaimsInLine();
    const started: string[] = [];
    const first = pendingClaim(started, 'first');
    const second = pendingClaim(started, 'second');
    const firstResult = line.run('p', 'q', first.claim);
    const secondResult = line.run('p', 'q', second.claim);
    await turn();
    expect(started).toEqual(['first']);
    first.finish();
    await turn();
    expect(started).toEqual(['first', 'second']);
    second.finish();
    expect(await Promise.all([firstResult, secondResult])).toEqual(['first', 'second']);
  });

  it('goes on after a claim that failed, and the failure reaches only its own caller', async () => {
    const line = new ClaimsInLine();
    const started: string[] = [];
    const failing = pendingClaim(started, 'failing');
    const next = pendingClaim(started, 'next');
    const failed = line.run('p', 'q', failing.claim);
    const nextResult = line.run('p', 'q', next.claim);
    failing.fail();
    await expect(failed).rejects.toThrow('failing failed');
    await turn();
    next.finish();
    await expect(nextResult).resolves.toBe('next');
  });

  it('does not hold a claim behind claims on another queue or of another project', async () => {
    const line = new ClaimsInLine();
    const started: string[] = [];
    const busy = pendingClaim(started, 'busy');
    void line.run('p', 'q', busy.claim);
    await expect(line.run('p', 'other', async () => 'other queue')).resolves.toBe('other queue');
    await expect(line.run('p2', 'q', async () => 'other project')).resolves.toBe('other project');
    expect(started).toEqual(['busy']);
    busy.finish();
  });
});
