export { jsonEquals, matchesFilters } from '@zaqarjs/core';

/**
 * `text` with LIKE wildcards escaped for `… LIKE ? ESCAPE '!'`. Not backslash: a
 * backslash is written '\\' in a MySQL string literal but '\' in standard SQL.
 */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
