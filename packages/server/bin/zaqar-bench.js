#!/usr/bin/env node
'use strict';
require('./launch')('zaqar-bench', __dirname, '../dist/bench-cli.js');
