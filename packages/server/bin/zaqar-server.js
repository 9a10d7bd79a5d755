#!/usr/bin/env -S node --max-semi-space-size=4
'use strict';
// The flag caps V8's young generation at 2 × 4 MiB, as for cluster workers (SEMI_SPACE_CAP_MB in
// src/cluster/worker-flags.ts, which says why 4, and what 6 gains on Redis).
// Another value: `node --max-semi-space-size=N path/to/zaqar-server.js`.
require('./launch')('zaqar-server', __dirname, '../dist/cli.js');
