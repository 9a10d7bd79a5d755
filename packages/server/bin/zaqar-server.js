#!/usr/bin/env -S node --max-semi-space-size=8
'use strict';
// The flag caps V8's young generation at 2 × 8 MiB, as for cluster workers (SEMI_SPACE_CAP_MB in
// src/cluster/worker-flags.ts, which says why 8).
// Another value: `node --max-semi-space-size=N path/to/zaqar-server.js`.
require('./launch')('zaqar-server', __dirname, '../dist/cli.js');
