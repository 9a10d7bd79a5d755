/**
 * The V8 young-generation cap every server process runs with. V8's young generation grows
 * to 2 × 16 MiB semi-spaces under a request load. Capped at 2 × 4 MiB (sessions 4–13), a
 * SQLite worker's peak RSS under post load was 17 MiB lower; but on Redis, where a request's
 * objects live across the store's round trip, 4 MiB semi-spaces filled every 9 ms under post
 * 10, promoted what was in flight, and forced a full collection every half second: one worker
 * did 39–46k msg/s at 4 MiB against 47–73k at 8 MiB in the same spells (interleaved, 2026-12-05),
 * with peak RSS 119–125 → 90 MiB. At 8 MiB SQLite's CPU per request is level and its peak RSS
 * about 8 MiB higher than at 4. Issue 14: ≤ 150 MiB per worker. A single-process server gets
 * the cap from the `zaqar-server` command's shebang (bin/zaqar-server.js), workers from
 * `workerExecArgv`.
 */
export const SEMI_SPACE_CAP_MB = 8;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** The primary's own node flags plus the semi-space cap, unless the operator set one (flags or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((flag) => SEMI_SPACE_FLAG.test(flag))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${SEMI_SPACE_CAP_MB}`];
}
