/**
 * The V8 young-generation cap every server process runs with. V8's young generation grows
 * to 2 × 16 MiB semi-spaces under a request load. Capped at 2 × 4 MiB (sessions 4–13), a
 * SQLite worker's peak RSS under post load was 17 MiB lower; but on Redis, where a request's
 * objects live across the store's round trip, 4 MiB semi-spaces filled every 9 ms under post
 * 10, promoted what was in flight, and forced a full collection every half second. Redis,
 * one worker, post 10, interleaved (2026-12-05, 6 pairs): 4 MiB 44k msg/s at 158 µs of CPU per
 * request, 6 MiB 52k at 134 µs, 8 MiB 56k at 133 µs; peak RSS 119–125 → about 90 MiB. Each MiB
 * more costs SQLite about 2 MiB of peak RSS with nothing gained (its requests do not wait on
 * a round trip): at 8 MiB its one-worker peak reached 154 MiB. Issue 14: ≤ 150 MiB per worker.
 * A single-process server gets the cap from the `zaqar-server` command's shebang
 * (bin/zaqar-server.js), workers from `workerExecArgv`.
 */
export const SEMI_SPACE_CAP_MB = 6;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** The primary's own node flags plus the semi-space cap, unless the operator set one (flags or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((flag) => SEMI_SPACE_FLAG.test(flag))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${SEMI_SPACE_CAP_MB}`];
}
