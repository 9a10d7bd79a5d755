#!/usr/bin/env node
'use strict';
// The SQL store's schema command, published with the server so that `npm install -g @zaqarjs/server` puts it on the PATH.
const path = require('node:path');

require('./launch')('zaqar-sql-db-manage', path.dirname(require.resolve('@zaqarjs/store-sql/package.json')), 'dist/cli/db-manage.js');
