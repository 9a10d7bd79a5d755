#!/usr/bin/env node
'use strict';
require('./launch')('zaqar-gc', __dirname, '../dist/gc-cli.js');
