import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { SqlControlDriver, SqlDataDriver } from '../src';

// One temporary database file for this test file; both stores share it, as in the embedded default.
const dir = mkdtempSync(join(tmpdir(), 'zaqar-sql-contract-'));
const uri = `sqlite:///${join(dir, 'nested', 'zaqar.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runMessageStoreContract('sqlite file', ({ now }) => new SqlDataDriver({ uri, now }));
runControlStoreContract('sqlite file', ({ now }) => new SqlControlDriver({ uri, now }));
