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
  pooled: pooledBackend,
};

export type { PreparedBackend, TestBackend } from './types';
