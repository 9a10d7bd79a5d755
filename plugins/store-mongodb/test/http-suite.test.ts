/**
 * `npm test` runs the repository's HTTP suite (test/http/*.test.ts) on MongoDB too
 * (CongoDB, or ZAQAR_TEST_MONGODB_URI): ZAQAR_TEST_STORE is set for this file only
 * (jest gives each test file its own process.env), then every suite file is required
 * inside a describe block of its own, so its hooks and tests register there and are
 * reported as this file's tests. Each server gets its own databases
 * (test/support/backends/mongodb.ts).
 *
 * Not inside jest.isolateModules: the stores load lazily, after an isolated registry
 * is gone, and would get a second copy of @zaqarjs/core whose error classes the request
 * layer does not recognise.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeWithMongo } from '../../../test/mongo-server';

const HTTP_SUITE = resolve(__dirname, '../../../test/http');
const files = readdirSync(HTTP_SUITE)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();

process.env.ZAQAR_TEST_STORE = 'mongodb';

describeWithMongo('HTTP suite on MongoDB', () => {
  it('finds the HTTP suite', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(HTTP_SUITE, file));
    });
  }
});
