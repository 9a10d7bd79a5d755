/**
 * Runs the repository's HTTP suite (test/http/*.test.ts) inside the calling test
 * file against another back end: ZAQAR_TEST_STORE is set for this file only (jest
 * gives each test file its own process.env), then every suite file is required
 * inside a describe block of its own, so its beforeAll/afterAll and tests register
 * there and are reported as this file's tests.
 *
 * Not inside jest.isolateModules: the stores are loaded lazily, in beforeAll, after
 * the isolated registry is gone, so they got a second copy of @zaqarjs/core whose
 * error classes the request layer's instanceof checks did not recognise (404s
 * turned into 503s). The suite files share nothing mutable at module level.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeWithServer, type ServerKind } from './sql-servers';

const HTTP_SUITE = resolve(__dirname, '../../../../test/http');

/** Registers every file of test/http under `title`, with ZAQAR_TEST_STORE=`store`. */
export function runHttpSuiteOn(store: string, server: ServerKind, title: string): void {
  process.env.ZAQAR_TEST_STORE = store;
  const files = readdirSync(HTTP_SUITE)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  describeWithServer(server, title, () => {
    it('finds the HTTP suite', () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      describe(file, () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(join(HTTP_SUITE, file));
      });
    }
  });
}
