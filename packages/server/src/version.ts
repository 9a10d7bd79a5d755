import * as fs from 'node:fs';
import * as path from 'node:path';

/** This package's version, from its package.json (one level above dist/). */
export function serverVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
