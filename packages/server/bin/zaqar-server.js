#!/usr/bin/env node
'use strict';
require('./launch')('zaqar-server', __dirname, '../dist/cli.js');
