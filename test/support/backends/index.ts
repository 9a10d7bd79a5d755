import { mariadbBackend } from './mariadb';
import { memoryBackend } from './memory';
import { mongodbBackend } from './mongodb';
import { pooledBackend } from './pooled';
import { postgresBackend } from './postgres';
import { redisBackend } from './redis';
import { sqliteBackend } from './sqlite';
import type { TestBackend } from './types';

/**
 * Back ends the cross-package suites run on, by ZAQAR_TEST_STORE name.
 * A new store adds one file in this folder and one line here.
 */
export const testBackends: Record<string, TestBackend> = {
  sql: sqliteBackend,
  memory: memoryBackend,
  postgres: postgresBackend,
  mariadb: mariadbBackend,
  redis: redisBackend,
  mongodb: mongodbBackend,
  // Pooling on: the catalogue on SQLite over two SQLite pools...
  pooled: pooledBackend(sqliteBackend, [
    { name: 'pool-a', backend: sqliteBackend },
    { name: 'pool-b', backend: sqliteBackend },
  ]),
  // ...and on PostgreSQL over a mix of stores: each queue on one of them.
  'pooled-mixed': pooledBackend(postgresBackend, [
    { name: 'postgres', backend: postgresBackend },
    { name: 'redis', backend: redisBackend },
    { name: 'mongodb', backend: mongodbBackend },
    { name: 'sqlite', backend: sqliteBackend },
  ]),
};

export type { PreparedBackend, TestBackend } from './types';
