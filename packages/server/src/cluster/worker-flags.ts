/**
 * V8 heap flags every server process runs with (issue 14: ≤ 150 MiB per worker under the post
 * load). Young generation: V8 grows it to 2 × 16 MiB semi-spaces under a request load; capped at
 * 2 × 8 MiB. A request's objects live across the store's round trip, and smaller semi-spaces
 * (4 MiB, sessions 11–14) filled every few milliseconds under post 10 and promoted what was in
 * flight to the old generation.
 */
export const SEMI_SPACE_CAP_MB = 8;

/**
 * Old generation: growth allowed between full collections, in percent of what the last one
 * kept. V8's own factor reached 4× here: 13 MiB live after start-up, then about 50 MiB of old
 * space before the next full collection, the largest part of a worker's peak RSS. With 50 %,
 * the old space stays under about 30 MiB, at a full collection (2–3 ms) every several seconds.
 * Together with the 8 MiB cap, against 4 MiB and V8's growth (2026-12-05, one worker,
 * interleaved, 8–10 rounds): peak RSS Redis 125 → 95 MiB, SQLite post 10 136 → 126 MiB;
 * SQLite post 10 +9 % messages/s (198 → 187 µs of CPU per request), Redis post 10 and SQLite
 * mixed level. 8 MiB with V8's growth took SQLite's one-worker bench peak to 154 MiB.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Allocation-site pretenuring off. V8 marks an allocation site "tenured" once most of its
 * objects survived a young collection, and then allocates its objects in the old generation
 * directly; every young object they point to is then kept by the next young collections too
 * (an old object counts as live until a full collection). Under post 10 on Redis a site of the
 * request path was tenured within seconds: the old generation grew by about 4.7 KiB per request
 * (the script's arguments and wire text, sampled), a full collection (2–5 ms pause) every
 * 0.8 s. Off, against on (2026-12-05, two workers, post 10, 4 alternated pairs of 4 s): full
 * collections 2 against 7–8 per run, 216–309 against 267–320 µs of worker CPU per request,
 * +3 to +28 % requests/s, p99 9.2–13.6 against 12.1–14.1 ms. SQLite (one process) level.
 */
export const PRETENURING_FLAG = '--no-allocation-site-pretenuring';

/** The flags as given to node (also in bin/zaqar-server.js's shebang, for the one-process server). */
export const HEAP_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_CAP_MB}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`, PRETENURING_FLAG] as const;

/**
 * The name of a node flag, `-` and `_` alike (`--max_semi_space_size=16` is `--max-semi-space-size`),
 * a boolean flag and its `--no-` form alike (`--allocation-site-pretenuring` sets the same flag).
 */
const flagName = (flag: string): string =>
  flag
    .split('=')[0]
    .replaceAll('_', '-')
    .replace(/^--no-/, '--');

/** The primary's own node flags plus each heap flag the operator did not set (flags or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  const givenNames = new Set(given.map(flagName));
  return [...execArgv, ...HEAP_FLAGS.filter((flag) => !givenNames.has(flagName(flag)))];
}
