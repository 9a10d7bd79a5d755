#!/usr/bin/env node
'use strict';
require('./launch')('zaqar-gen-config', __dirname, '../dist/gen-config.js');
