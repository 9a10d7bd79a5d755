/**
 * The repository's HTTP suite (test/http/*.test.ts) re-run with pooling on over
 * two pools (test/support/backends `pooled`: catalogue and queue records on
 * one SQLite file, each queue's messages, claims and subscriptions on one of
 * two pool SQLite files, placed by the catalogue; http-suite-mixed-pools runs
 * the routing files over pools of four stores). As
 * plugins/store-sql/test/support/http-suite.ts does for the SQL servers: every
 * suite file is required inside a describe block of its own, with
 * ZAQAR_TEST_STORE set for this file only.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const HTTP_SUITE = resolve(__dirname, '../http');
process.env.ZAQAR_TEST_STORE = 'pooled';
const files = readdirSync(HTTP_SUITE)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();

describe('HTTP suite with pooling over two pools', () => {
  it('finds the HTTP suite', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(HTTP_SUITE, file));
    });
  }
});
