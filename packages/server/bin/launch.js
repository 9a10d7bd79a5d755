'use strict';
/**
 * The commands' entry points are these plain-JavaScript shims, not dist/ files:
 * npm links a workspace's bins at install time, when a fresh checkout has no
 * dist/ yet, so a bin pointing there would be a dangling (and non-executable)
 * link. A shim always exists, is committed executable, and says what to do when
 * the build has not run.
 */
const fs = require('node:fs');
const path = require('node:path');

module.exports = function launch(command, dir, relative) {
  const file = path.join(dir, relative);
  if (!fs.existsSync(file)) {
    process.stderr.write(
      `${command}: ${path.relative(process.cwd(), file) || file} is not built yet; run \`npm run build\` (npx tsc -b) in the checkout first\n`,
    );
    process.exit(1);
  }
  require(file);
};
