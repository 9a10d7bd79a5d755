/**
 * The V8 young-generation cap every server process runs with. V8's young generation grows
 * to 2 × 16 MiB semi-spaces under a request load; capped at 2 × 4 MiB, a worker's peak RSS
 * under post load was 17 MiB lower (123 → 106 MiB, SQLite, 2 workers) with CPU per request
 * unchanged within the noise (a scavenge costs what survives it, and little of a request
 * does). Issue 14: ≤ 150 MiB per worker. A single-process server gets it from the
 * `zaqar-server` command's shebang (bin/zaqar-server.js), workers from `workerExecArgv`.
 */
export const SEMI_SPACE_CAP_MB = 4;

const SEMI_SPACE_FLAG = /^--max[-_]semi[-_]space[-_]size(=|$)/;

/** The primary's own node flags plus the semi-space cap, unless the operator set one (flags or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((flag) => SEMI_SPACE_FLAG.test(flag))) return [...execArgv];
  return [...execArgv, `--max-semi-space-size=${SEMI_SPACE_CAP_MB}`];
}
