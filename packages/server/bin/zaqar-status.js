#!/usr/bin/env node
'use strict';
require('./launch')('zaqar-status', __dirname, '../dist/status-cli.js');
