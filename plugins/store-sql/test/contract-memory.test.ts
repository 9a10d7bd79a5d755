import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { SqlControlDriver, SqlDataDriver } from '../src';

runMessageStoreContract('sqlite :memory:', ({ now }) => new SqlDataDriver({ uri: 'sqlite:///:memory:', now }));
runControlStoreContract('sqlite :memory:', ({ now }) => new SqlControlDriver({ uri: 'sqlite:///:memory:', now }));
