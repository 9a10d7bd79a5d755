import { type Operation } from '@zaqarjs/core';
import { type ApiDeps, type Query, type RequestBody, RequestApi, type RequestContext } from '@zaqarjs/core/api';
import { ctx, jsonBody, makeDeps, type FakeDeps } from '../../../../packages/core/test/api/fake-deps';
import { subscriptionsRoutes } from '../../src/routes/subscriptions';

/** The subscription routes over core's request layer on in-memory stores, called as the request pipeline calls them. */
class SubscriptionsApi {
  private readonly api: RequestApi;

  constructor(deps: FakeDeps) {
    this.api = new RequestApi(deps as unknown as ApiDeps);
  }

  private call(operation: Operation, context: RequestContext, params: Record<string, string>, options: { query?: Query; body?: RequestBody } = {}) {
    const route = subscriptionsRoutes.find((r) => r.operation === operation);
    if (!route) throw new Error(`no route for ${operation}`);
    const request = { ctx: context, params, query: options.query ?? {}, body: options.body ?? jsonBody(), headers: {}, path: route.path, method: route.method };
    return route.handle(request, this.api);
  }

  create(context: RequestContext, queue: string, body: RequestBody) {
    return this.call('subscription_create', context, { queue_name: queue }, { body });
  }

  list(context: RequestContext, queue: string, query: Query) {
    return this.call('subscription_list', context, { queue_name: queue }, { query });
  }

  get(context: RequestContext, queue: string, id: string) {
    return this.call('subscription_get', context, { queue_name: queue, subscription_id: id });
  }

  update(context: RequestContext, queue: string, id: string, body: RequestBody) {
    return this.call('subscription_update', context, { queue_name: queue, subscription_id: id }, { body });
  }

  delete(context: RequestContext, queue: string, id: string) {
    return this.call('subscription_delete', context, { queue_name: queue, subscription_id: id });
  }

  confirm(context: RequestContext, queue: string, id: string, body: RequestBody) {
    return this.call('subscription_confirm', context, { queue_name: queue, subscription_id: id }, { body });
  }
}

const TYPES = "['http', 'https', 'mailto', 'trust+http', 'trust+https']";
const badRequest = (description: string) => ({ status: 400, title: 'Invalid API request', description });

let deps: FakeDeps;
let api: SubscriptionsApi;

beforeEach(() => {
  deps = makeDeps();
  api = new SubscriptionsApi(deps);
});

describe('create', () => {
  it('creates the subscription (201, collection Location) with the default ttl', async () => {
    const result = await api.create(ctx, 'subq', jsonBody({ subscriber: 'mailto:test@example.com', options: { from: 'Jack' } }));
    expect(result).toEqual({ status: 201, body: { subscription_id: 'sub-0001' }, headers: { location: '/v2/queues/subq/subscriptions' } });
    expect(deps.subscriptions.rows.get('sub-0001')).toMatchObject({ project: 'proj', source: 'subq', ttl: 3600, options: { from: 'Jack' }, confirmed: false });
  });

  it('creates the queue lazily, even when validation then fails', async () => {
    await expect(api.create(ctx, 'lazyq', jsonBody({}))).rejects.toMatchObject(badRequest('Missing parameter subscriber in body.'));
    expect(deps.queues.names.has('proj/lazyq')).toBe(true);
  });

  it('treats a missing body as {} and an array as an unsupported document', async () => {
    await expect(api.create(ctx, 'q', jsonBody())).rejects.toMatchObject(badRequest('Missing parameter subscriber in body.'));
    await expect(api.create(ctx, 'q', jsonBody([]))).rejects.toMatchObject({
      status: 400,
      title: 'Invalid request body',
      description: 'Document type not supported.',
    });
  });

  it.each([
    [{ subscriber: 'ftp://x' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: 'x' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: '' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: 42 }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ subscriber: 'http://a', options: [] }, 'Options must be a dict.'],
    [{ subscriber: 'http://a', options: { _retry_policy: 'x' } }, 'retry_policy must be a dict.'],
    [{ subscriber: 'http://a', options: { _retry_policy: { minimum_delay: 5, maximum_delay: 10 } } }, 'invalid minimum_delay and maximum_delay.'],
    [{ subscriber: 'http://a', ttl: '60' }, 'TTL must be an integer.'],
    [{ subscriber: 'http://a', ttl: 60.5 }, 'TTL must be an integer.'],
    [{ subscriber: 'http://a', ttl: 0 }, 'The TTL for a subscription must be at least 60 seconds long.'],
    [{ subscriber: 'http://a', ttl: 59 }, 'The TTL for a subscription must be at least 60 seconds long.'],
    [{ subscriber: 'http://a', ttl: 9e15 }, 'The TTL seconds for a subscription plus current time must be less than 9999-12-31 23:59:59.999999.'],
  ])('refuses %j', async (body, description) => {
    await expect(api.create(ctx, 'q', jsonBody(body))).rejects.toMatchObject(badRequest(description));
  });

  it('renders the configured subscriber types as a Python list', async () => {
    const custom = new SubscriptionsApi(makeDeps({ transport: { subscriber_types: 'http,mailto' } }));
    await expect(custom.create(ctx, 'q', jsonBody({ subscriber: 'https://a' }))).rejects.toMatchObject(
      badRequest("The subscriber type of subscription must be supported in the list ['http', 'mailto']."),
    );
  });

  it('accepts upper-case schemes like urlsplit does', async () => {
    await expect(api.create(ctx, 'q', jsonBody({ subscriber: 'HTTP://a' }))).resolves.toMatchObject({ status: 201 });
  });

  it('answers 201 with the existing id for an unconfirmed duplicate, 409 once confirmed', async () => {
    const body = { subscriber: 'http://hook' };
    await api.create(ctx, 'q', jsonBody(body));
    await expect(api.create(ctx, 'q', jsonBody(body))).resolves.toMatchObject({ status: 201, body: { subscription_id: 'sub-0001' } });
    await api.confirm(ctx, 'q', 'sub-0001', jsonBody({ confirmed: true }));
    await expect(api.create(ctx, 'q', jsonBody(body))).rejects.toMatchObject({
      status: 409,
      title: 'Resource conflict',
      description: 'Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI.',
      headers: { location: '/v2/queues/q/subscriptions' },
    });
  });

  it('cannot create trust subscriptions without Keystone (503), unless a trust_id is given', async () => {
    await expect(api.create(ctx, 'q', jsonBody({ subscriber: 'trust+http://hook' }))).rejects.toMatchObject({
      status: 503,
      description: 'Subscription could not be created. Please try again in a few seconds.',
    });
    await expect(api.create(ctx, 'q', jsonBody({ subscriber: 'trust+https://hook', options: { trust_id: 't' } }))).resolves.toMatchObject({ status: 201 });
  });

  it('answers 503 when the store fails', async () => {
    deps.subscriptions.failWith = new Error('down');
    await expect(api.create(ctx, 'q', jsonBody({ subscriber: 'http://a' }))).rejects.toMatchObject({
      status: 503,
      title: 'Service temporarily unavailable',
      description: 'Subscription could not be created. Please try again in a few seconds.',
    });
  });
});

describe('list', () => {
  beforeEach(async () => {
    for (const n of [1, 2, 3]) await api.create(ctx, 'q', jsonBody({ subscriber: `http://h${n}` }));
  });

  it('pages by id with a next link carrying limit and marker', async () => {
    const first = await api.list(ctx, 'q', { limit: '2' });
    expect(first.body).toEqual({
      subscriptions: [
        { id: 'sub-0001', source: 'q', subscriber: 'http://h1', ttl: 3600, age: 0, options: {}, confirmed: false },
        { id: 'sub-0002', source: 'q', subscriber: 'http://h2', ttl: 3600, age: 0, options: {}, confirmed: false },
      ],
      links: [{ rel: 'next', href: '/v2/queues/q/subscriptions?limit=2&marker=sub-0002' }],
    });
    const last = await api.list(ctx, 'q', { limit: '2', marker: 'sub-0002' });
    expect(last.body).toMatchObject({ subscriptions: [{ id: 'sub-0003' }], links: [{ href: '/v2/queues/q/subscriptions?limit=2&marker=sub-0003' }] });
    await expect(api.list(ctx, 'q', { marker: 'sub-0003' })).resolves.toEqual({ status: 200, body: { subscriptions: [], links: [] } });
  });

  it('lists nothing for another project or a missing queue', async () => {
    await expect(api.list({ ...ctx, project: 'other' }, 'q', {})).resolves.toMatchObject({ body: { subscriptions: [], links: [] } });
    await expect(api.list(ctx, 'nope', {})).resolves.toMatchObject({ body: { subscriptions: [], links: [] } });
  });

  it('validates limit', async () => {
    await expect(api.list(ctx, 'q', { limit: '21' })).rejects.toMatchObject(badRequest('Limit must be at least 1 and may not be greater than 20.'));
    await expect(api.list(ctx, 'q', { limit: '0' })).rejects.toMatchObject(badRequest('Limit must be at least 1 and may not be greater than 20.'));
    await expect(api.list(ctx, 'q', { limit: 'x' })).rejects.toMatchObject({
      title: 'Invalid parameter',
      description: 'The "limit" parameter is invalid. The value must be an integer.',
    });
  });
});

describe('get, update, delete, confirm', () => {
  beforeEach(async () => {
    await api.create(ctx, 'q', jsonBody({ subscriber: 'http://a' }));
    await api.create(ctx, 'q', jsonBody({ subscriber: 'http://b' }));
  });

  it('gets one subscription or 404', async () => {
    await expect(api.get(ctx, 'q', 'sub-0001')).resolves.toMatchObject({ status: 200, body: { id: 'sub-0001', subscriber: 'http://a' } });
    await expect(api.get(ctx, 'q', 'nope')).rejects.toMatchObject({ status: 404, title: 'Not found', description: 'Subscription nope does not exist' });
  });

  it('updates every field, replacing options (204 + Location)', async () => {
    const result = await api.update(ctx, 'q', 'sub-0001', jsonBody({ subscriber: 'mailto:x@y.z', ttl: 120, options: { b: 2 } }));
    expect(result).toEqual({ status: 204, headers: { location: '/v2/queues/q/subscriptions/sub-0001' } });
    expect(deps.subscriptions.rows.get('sub-0001')).toMatchObject({ subscriber: 'mailto:x@y.z', ttl: 120, options: { b: 2 }, confirmed: false });
  });

  it.each([
    [undefined, 'No subscription to create.'],
    [{}, 'No subscription to create.'],
    [[], 'No subscription to create.'],
    [[1], 'Subscriptions must be a dict.'],
    [{ subscriber: 'gopher://x' }, `The subscriber type of subscription must be supported in the list ${TYPES}.`],
    [{ ttl: 0 }, 'The TTL for a subscription must be at least 60 seconds long.'],
    [{ options: 'x' }, 'Options must be a dict.'],
  ])('refuses update %j', async (body, description) => {
    await expect(api.update(ctx, 'q', 'sub-0001', jsonBody(body))).rejects.toMatchObject(badRequest(description));
  });

  it('maps update failures: unknown fields 400, missing 404, taken subscriber 409', async () => {
    await expect(api.update(ctx, 'q', 'sub-0001', jsonBody({ foo: 1 }))).rejects.toMatchObject({
      status: 400,
      title: 'Unable to update subscription',
      description: 'Subscription sub-0001 could not be updated.',
    });
    await expect(api.update(ctx, 'q', 'nope', jsonBody({ ttl: 100 }))).rejects.toMatchObject({ status: 404, description: 'Subscription nope does not exist' });
    await expect(api.update(ctx, 'q', 'sub-0001', jsonBody({ subscriber: 'http://b' }))).rejects.toMatchObject({
      status: 409,
      description: 'Such subscription already exists. Subscriptions are unique by project + queue + subscriber URI.',
    });
  });

  it('deletes idempotently', async () => {
    await expect(api.delete(ctx, 'q', 'sub-0001')).resolves.toEqual({ status: 204 });
    await expect(api.delete(ctx, 'q', 'sub-0001')).resolves.toEqual({ status: 204 });
    await expect(api.get(ctx, 'q', 'sub-0001')).rejects.toMatchObject({ status: 404 });
  });

  it('confirms with a boolean only (204 + Location)', async () => {
    await expect(api.confirm(ctx, 'q', 'sub-0002', jsonBody({ confirmed: true }))).resolves.toEqual({
      status: 204,
      headers: { location: '/v2/queues/q/subscriptions/sub-0002/confirm' },
    });
    expect(deps.subscriptions.rows.get('sub-0002')?.confirmed).toBe(true);
    for (const body of [undefined, {}, { confirmed: 'yes' }, [true]]) {
      await expect(api.confirm(ctx, 'q', 'sub-0002', jsonBody(body))).rejects.toMatchObject(badRequest("The 'confirmed' should be boolean."));
    }
    await expect(api.confirm(ctx, 'q', 'nope', jsonBody({ confirmed: false }))).rejects.toMatchObject({
      status: 404,
      description: 'Subscription nope does not exist',
    });
    deps.subscriptions.failWith = new Error('down');
    await expect(api.confirm(ctx, 'q', 'sub-0002', jsonBody({ confirmed: false }))).rejects.toMatchObject({
      status: 400,
      title: 'Unable to confirm subscription',
      description: 'Subscription sub-0002 could not be confirmed.',
    });
  });
});
