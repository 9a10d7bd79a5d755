import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p`: creates `dir` and its missing parents. Not `mkdirSync(dir, { recursive: true })`:
 * on Node 20 that loops forever, at full CPU, where mkdir answers ENOENT under a parent that
 * exists (a path under /proc, for one), so a bad store path hung startup instead of failing.
 * Here each level is made once and an error is thrown as it comes.
 */
export function makeDirectory(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
