/**
 * The published entry points: `@zaqarjs/core` (the plugin API) and
 * `@zaqarjs/core/api` (the request layer the transports share), resolved by
 * Node through package.json "exports".
 */
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');
const fromRepo = (specifier: string) => require.resolve(specifier, { paths: [REPO] });

describe('@zaqarjs/core entry points', () => {
  it('exports the plugin API at the root and the request layer at /api', () => {
    expect(fromRepo('@zaqarjs/core')).toMatch(/core[/\\]dist[/\\]index\.js$/);
    expect(fromRepo('@zaqarjs/core/api')).toMatch(/core[/\\]dist[/\\]api[/\\]index\.js$/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require(fromRepo('@zaqarjs/core/api')) as Record<string, unknown>;
    expect(typeof api.RequestApi).toBe('function');
  });

  it('keeps the request layer out of the root and internals out of both', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require(fromRepo('@zaqarjs/core')) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require(fromRepo('@zaqarjs/core/api')) as Record<string, unknown>;
    expect(root.RequestApi).toBeUndefined();
    expect(typeof root.parseExactJson).toBe('function');
    expect(root.readPickle).toBeUndefined();
    expect(api.readPickle).toBeUndefined();
  });

  it('hides internal files', () => {
    expect(() => fromRepo('@zaqarjs/core/dist/api/py-repr.js')).toThrow();
  });
});
