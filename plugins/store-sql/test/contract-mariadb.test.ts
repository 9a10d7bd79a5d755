import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { SqlControlDriver, SqlDataDriver } from '../src';
import { createMysqlDatabase, describeWithServer, lazy } from './support/sql-servers';

// One database for this file; every suite gives each test its own project.
const scratch = lazy(createMysqlDatabase);

describeWithServer('mysql', 'MariaDB', () => {
  afterAll(async () => (await scratch()).drop());
  runMessageStoreContract('mariadb', async ({ now }) => new SqlDataDriver({ uri: (await scratch()).uri, now }));
  runControlStoreContract('mariadb', async ({ now }) => new SqlControlDriver({ uri: (await scratch()).uri, now }));
});
