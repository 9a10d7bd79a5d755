import { runControlStoreContract, runMessageStoreContract } from '@zaqarjs/storage-testkit';
import { MemoryControlDriver, MemoryDataDriver } from '.';

// The memory store backs the HTTP tests; the storage contract keeps it honest.
runMessageStoreContract('memory', (ctx) => new MemoryDataDriver(ctx.now));
runControlStoreContract('memory', () => new MemoryControlDriver());
