#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50 --no-allocation-site-pretenuring
'use strict';
// The flags are HEAP_FLAGS of src/cluster/worker-flags.ts (which says why), as for cluster workers:
// V8's young generation capped at 2 × 8 MiB, its old generation grown by half between full collections,
// no allocation-site pretenuring.
// Other values: `node --max-semi-space-size=N --heap-growing-percent=P --no-allocation-site-pretenuring
// path/to/zaqar-server.js` (run so, this line is not read: give all three).
require('./launch')('zaqar-server', __dirname, '../dist/cli.js');
