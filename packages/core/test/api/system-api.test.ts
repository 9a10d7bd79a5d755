import { SystemApi } from '../../src/api/system-api';
import reference from './fixtures/reference-home-document.json';
import { makeDeps } from './fake-deps';

const adminDeps = () => makeDeps({ DEFAULT: { admin_mode: 'true' } });

describe('versions and home document', () => {
  it('lists only v2', () => {
    expect(new SystemApi(makeDeps()).versions()).toEqual({
      versions: [
        {
          id: '2',
          status: 'CURRENT',
          updated: '2014-9-24T04:06:47Z',
          'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.messaging-v2+json' }],
          links: [{ href: '/v2/', rel: 'self' }],
        },
      ],
    });
  });

  it('serves the reference JSON-home document', () => {
    expect(new SystemApi(makeDeps()).homeDocument()).toEqual(reference.public);
  });

  it('adds pools, flavors and health only in admin mode', () => {
    const home = new SystemApi(adminDeps()).homeDocument();
    expect(home).toEqual({ resources: { ...reference.public.resources, ...reference.admin_resources } });
    expect(Object.keys(new SystemApi(makeDeps()).homeDocument().resources)).not.toContain('rel/health');
  });
});

describe('ping', () => {
  it('is true when the store is alive, false when it says no or fails', async () => {
    const deps = makeDeps();
    const api = new SystemApi(deps);
    await expect(api.ping()).resolves.toBe(true);
    deps.alive.value = false;
    await expect(api.ping()).resolves.toBe(false);
    deps.alive.value = new Error('connection refused');
    await expect(api.ping()).resolves.toBe(false);
  });
});

describe('health', () => {
  const OPERATIONS = [
    'create_queue',
    'post_messages',
    'claim_messages',
    'list_messages',
    'delete_messages',
    'delete_claim',
    'bulk_delete_messages',
    'delete_queue',
  ];

  it('does not exist without admin_mode', async () => {
    await expect(new SystemApi(makeDeps()).health()).rejects.toMatchObject({ status: 404, title: '404 Not Found' });
  });

  it('runs the self-test in a throw-away queue and times every step', async () => {
    const deps = adminDeps();
    const body = await new SystemApi(deps).health();
    expect(body.storage_reachable).toBe(true);
    expect(Object.keys(body.operation_status)).toEqual(OPERATIONS);
    for (const status of Object.values(body.operation_status)) {
      expect(status).toEqual({ succeeded: true, seconds: expect.any(Number), ref: null });
    }
    expect(deps.store.calls.filter((c) => c === 'delete')).toHaveLength(10);
    expect(deps.store.messages.size).toBe(0);
    const [created, deleted] = deps.queues.calls;
    expect(created).toMatch(/^create [0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    expect(deleted).toBe(created.replace('create', 'delete'));
  });

  it('reports a failing step with a ref and goes on with the clean-up', async () => {
    const deps = adminDeps();
    deps.store.failOn = 'claim';
    deps.alive.value = false;
    const body = await new SystemApi(deps).health();
    expect(body.storage_reachable).toBe(false);
    expect(body.operation_status.claim_messages).toMatchObject({ succeeded: false, ref: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(body.operation_status).not.toHaveProperty('delete_claim');
    expect(body.operation_status.bulk_delete_messages.succeeded).toBe(true);
    expect(body.operation_status.delete_queue.succeeded).toBe(true);
  });

  it('stops after a failed queue creation', async () => {
    const deps = adminDeps();
    deps.queues.failCreate = new Error('down');
    const body = await new SystemApi(deps).health();
    expect(Object.keys(body.operation_status)).toEqual(['create_queue']);
    expect(body.operation_status.create_queue.succeeded).toBe(false);
  });
});
