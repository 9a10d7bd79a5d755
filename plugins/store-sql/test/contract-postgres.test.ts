import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { SqlControlDriver, SqlDataDriver } from '../src';
import { createPgSchema, describeWithServer, lazy } from './support/sql-servers';

// One schema for this file; every suite gives each test its own project.
const scratch = lazy(createPgSchema);

describeWithServer('postgresql', 'PostgreSQL', () => {
  afterAll(async () => (await scratch()).drop());
  runMessageStoreContract('postgresql', async ({ now }) => new SqlDataDriver({ uri: (await scratch()).uri, now }));
  runControlStoreContract('postgresql', async ({ now }) => new SqlControlDriver({ uri: (await scratch()).uri, now }));
});
