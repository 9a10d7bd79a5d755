/**
 * The OpenAPI document cannot drift from the routes: docs/openapi.json is what
 * the route table generates (`npm run gen-openapi`), it is a valid OpenAPI 3.1
 * document, a real server serves it at GET /v2/openapi.json, and for every path
 * it names the server's own Allow header (OPTIONS) lists exactly the documented
 * methods — a route missing from the document or documented but not served
 * fails here.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApi } from '../../plugins/transport-wsgi/src/openapi';
import { allRoutes } from '../../plugins/transport-wsgi/src/routes';
import { REPO, startCli, tempDir, type CliServer } from './cli-process';

const HEADERS = { 'Client-ID': '3381af92-2b9e-11e3-b191-71861300734c', 'X-Project-ID': 'openapi', 'X-Roles': 'admin' };
const file = path.join(REPO, 'docs/openapi.json');
const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'plugins/transport-wsgi/package.json'), 'utf8')) as { version: string }).version;

type Doc = { openapi: string; paths: Record<string, Record<string, { description?: string }>> };

describe('OpenAPI document', () => {
  let server: CliServer | undefined;
  afterAll(async () => void (await server?.stop()));

  it("docs/openapi.json is the route table's document (run `npm run gen-openapi` if this fails)", () => {
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(buildOpenApi(allRoutes, version));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    // The validator is an ES module only: it runs in a child Node (jest here loads CommonJS).
    const script =
      "import { Validator } from '@seriousme/openapi-schema-validator'; import * as fs from 'node:fs';" +
      'console.log(JSON.stringify(await new Validator().validate(JSON.parse(fs.readFileSync(process.argv[1], "utf8")))));';
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: REPO, encoding: 'utf8' })) as unknown;
    expect(result).toEqual({ valid: true });
  });

  it('is served at GET /v2/openapi.json, and every documented path is served with exactly the documented methods', async () => {
    const t = tempDir();
    const uri = `sqlite:///${t.dir}/zaqar.db`;
    const conf = `[DEFAULT]\nadmin_mode = true\nworkers = 1\n[drivers:transport:wsgi]\nport = 0\n[drivers:message_store:sqlalchemy]\nuri = ${uri}\n[drivers:management_store:sqlalchemy]\nuri = ${uri}\n`;
    server = await startCli(['--config-file', t.write('zaqar.conf', conf)]);
    const served = await fetch(`${server.url()}/v2/openapi.json`, { headers: HEADERS });
    expect(served.status).toBe(200);
    const doc = (await served.json()) as Doc;
    expect(doc).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
    const mismatches: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      const concrete = template.replace(/\{[a-z_]+\}/g, (name) => (name === '{message_id}' || name === '{claim_id}' ? '5a5f1e2b9d1c4e3f8a7b6c5d' : 'x'));
      const options = await fetch(`${server.url()}${concrete}`, { method: 'OPTIONS', headers: HEADERS });
      const allowed = (options.headers.get('allow') ?? '')
        .split(',')
        .map((m) => m.trim().toLowerCase())
        .filter((m) => m !== '' && m !== 'options');
      const documented = Object.keys(operations);
      const conditional = Object.values(operations).every((op) => op.description?.startsWith('Served only under some configurations'));
      if (allowed.length === 0 && conditional) continue;
      if ([...allowed].sort().join() !== [...documented].sort().join())
        mismatches.push(`${template}: served ${allowed.join(',')}; documented ${documented.join(',')}`);
    }
    expect(mismatches).toEqual([]);
  });
});
