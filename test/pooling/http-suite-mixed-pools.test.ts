/**
 * The HTTP suite's files that exercise routing (queues, messages, claims,
 * subscriptions, topics) re-run with pooling on over pools of four different
 * stores at once (test/support/backends/index.ts `pooled-mixed`): the catalogue
 * on PostgreSQL, pools on another PostgreSQL schema, a Redis key prefix, the
 * MongoDB test server and a SQLite file, every queue placed on one of them by
 * weighted random choice. The whole suite runs over two SQLite pools in
 * http-suite-pooled.test.ts; these files are the ones whose requests reach a
 * queue's pool (the others test the transport and the request layer, which
 * pooling does not change), chosen to keep CI time down.
 */
import { join, resolve } from 'node:path';
import { describeWithMongo } from '../mongo-server';

const HTTP_SUITE = resolve(__dirname, '../http');
const ROUTED = ['claims', 'messages', 'queues', 'subscriptions', 'topics'].map((name) => `${name}.test.ts`);
process.env.ZAQAR_TEST_STORE = 'pooled-mixed';

describeWithMongo('HTTP suite with pooling over PostgreSQL, Redis, MongoDB and SQLite pools', () => {
  for (const file of ROUTED) {
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(HTTP_SUITE, file));
    });
  }
});
