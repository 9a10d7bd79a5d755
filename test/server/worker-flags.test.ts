/**
 * The node flags a cluster worker is forked with: the primary's own, plus the heap flags the
 * operator did not set (an operator's value, in the primary's flags or NODE_OPTIONS, wins).
 */
import { HEAP_FLAGS, PRETENURING_FLAG, workerExecArgv } from '../../packages/server/src/cluster/worker-flags';

describe('workerExecArgv', () => {
  it('adds every heap flag to the primary flags when none is given', () => {
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', ...HEAP_FLAGS]);
  });

  it("keeps an operator's own semi-space size, in either spelling, and still adds the growth flag", () => {
    expect(workerExecArgv(['--max_semi_space_size=16'])).toEqual([
      '--max_semi_space_size=16',
      expect.stringMatching(/^--heap-growing-percent=/),
      PRETENURING_FLAG,
    ]);
    expect(workerExecArgv(['--max-semi-space-size', '2'])).toEqual([
      '--max-semi-space-size',
      '2',
      expect.stringMatching(/^--heap-growing-percent=/),
      PRETENURING_FLAG,
    ]);
  });

  it('adds nothing when the primary already runs with the shebang flags (the zaqar-server command)', () => {
    expect(workerExecArgv([...HEAP_FLAGS])).toEqual([...HEAP_FLAGS]);
  });

  it('leaves to NODE_OPTIONS a flag set there (a worker reads NODE_OPTIONS too)', () => {
    expect(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=1')).toEqual([
      expect.stringMatching(/^--heap-growing-percent=/),
      PRETENURING_FLAG,
    ]);
  });

  it("keeps an operator's own growth percent", () => {
    expect(workerExecArgv(['--heap-growing-percent=200'])).toEqual([
      '--heap-growing-percent=200',
      expect.stringMatching(/^--max-semi-space-size=/),
      PRETENURING_FLAG,
    ]);
  });

  it("keeps an operator's pretenuring switched back on, in either spelling, instead of adding the off flag", () => {
    expect(workerExecArgv(['--allocation-site-pretenuring'])).not.toContain(PRETENURING_FLAG);
    expect(workerExecArgv([], '--allocation_site_pretenuring')).not.toContain(PRETENURING_FLAG);
    expect(workerExecArgv(['--allocation-site-pretenuring'])).toEqual([
      '--allocation-site-pretenuring',
      expect.stringMatching(/^--max-semi-space-size=/),
      expect.stringMatching(/^--heap-growing-percent=/),
    ]);
  });
});
