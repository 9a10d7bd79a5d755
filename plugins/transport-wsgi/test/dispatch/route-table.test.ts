import { coreOptionGroups, OptionRegistry, TypedConf } from '@zaqarjs/core';
import { RouteTable } from '../../src/dispatch/route-table';
import type { Route } from '../../src/routes/route';

const conf = new TypedConf(new OptionRegistry().register(...coreOptionGroups), {});
const handle = async () => ({ status: 204 });
const routes: Route[] = [
  { method: 'GET', path: '/', handle },
  { method: 'GET', path: '/v2/queues', handle },
  { method: 'GET', path: '/v2/queues/:queue_name', handle },
  { method: 'PUT', path: '/v2/queues/:queue_name', handle },
  { method: 'GET', path: '/v2/queues/:queue_name/messages/:message_id', handle },
  { method: 'GET', path: '/v2/health', enabled: (c) => c.group<{ admin_mode: boolean }>('DEFAULT').admin_mode, handle },
];

describe('RouteTable', () => {
  const table = new RouteTable(routes, conf);

  it('matches static and parameterised paths exactly, decoding parameters', () => {
    expect(table.match('/v2/queues')?.entry.pattern).toBe('/v2/queues');
    expect(table.match('/v2/queues/caf%C3%A9')).toMatchObject({ params: { queue_name: 'café' } });
    expect(table.match('/v2/queues/q/messages/m1')).toMatchObject({ params: { queue_name: 'q', message_id: 'm1' } });
  });

  it('folds nothing: trailing slashes, empty segments and bad escapes do not match', () => {
    for (const path of ['/v2/queues/', '/v2/queues//messages/m', '/v2/queues/%E0%A4%A', '/v2', '/V2/queues']) expect(table.match(path)).toBeUndefined();
  });

  it('lists the methods of a path for Allow, then OPTIONS', () => {
    expect(table.match('/v2/queues/q')?.entry.allow).toBe('GET, PUT, OPTIONS');
  });

  it('marks only / as public and leaves out disabled routes', () => {
    expect(table.match('/')?.entry.isPublic).toBe(true);
    expect(table.match('/v2/queues')?.entry.isPublic).toBe(false);
    expect(table.match('/v2/health')).toBeUndefined();
  });
});
