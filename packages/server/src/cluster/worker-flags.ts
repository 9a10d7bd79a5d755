/**
 * The V8 young-generation cap every server process runs with. V8's young generation grows
 * to 2 × 16 MiB semi-spaces under a request load; capped at 2 × 4 MiB, a SQLite worker's
 * peak RSS under post load was 17 MiB lower (123 → 106 MiB, 2 workers), CPU per request level.
 * Issue 14: ≤ 150 MiB per worker, and SQLite's one-worker bench peak is 138–142 MiB at 4.
 * The cap costs Redis: a request's objects live across the store's round trip, so 4 MiB
 * semi-spaces fill every 9 ms under post 10, promote what is in flight and force a full
 * collection every half second. Redis, one worker, post 10, interleaved (2026-12-05, 6 pairs):
 * 4 MiB 44k msg/s at 158 µs of CPU per request, 6 MiB 52k at 134 µs, 8 MiB 56k at 133 µs,
 * with a lower peak RSS (about 90 against 120 MiB). But 6 and 8 MiB took SQLite's one-worker
 * peak to 151 and 154 MiB. Operators on Redis can raise it (`node --max-semi-space-size=6`,
 * see bin/zaqar-server.js); choosing it per store is not built. A single-process server gets
 * the cap from the `zaqar-server` command's shebang, workers from `workerExecArgv`.
 */
export const SEMI_SPACE_CAP_MB = 4;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** The primary's own node flags plus the semi-space cap, unless the operator set one (flags or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((flag) => SEMI_SPACE_FLAG.test(flag))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${SEMI_SPACE_CAP_MB}`];
}
