/** `npm run gen-openapi`: writes the API document (docs/openapi.json) from the route table. */
import * as fs from 'node:fs';
import { buildOpenApi } from './openapi';
import { allRoutes } from './routes';

const [file = 'docs/openapi.json'] = process.argv.slice(2);
const version = (JSON.parse(fs.readFileSync(require.resolve('../package.json'), 'utf8')) as { version: string }).version;
fs.writeFileSync(file, `${JSON.stringify(buildOpenApi(allRoutes, version), null, 2)}\n`);
process.stdout.write(`Wrote ${file}\n`);
