import type { TransportConf } from '../config/options';
import { ApiError, apiErrors } from '../errors/api-error';
import { isZaqarError } from '../errors/error-codes';
import type { ControlDriver, DataDriver } from '../storage/driver';
import type { Capability, Flavor, Page, Pool } from '../storage/types';
import type { ApiDeps, RequestBody, RequestContext } from './context';
import { pyRepr, pyStrRepr } from './py-repr';
import { orUnavailable } from './storage-guard';

const DEFAULT_PAGE_SIZE = 10;
const MAX_WEIGHT = 4294967295;
const POOL_FIELDS = ['uri', 'weight', 'flavor', 'options'] as const;

/**
 * What the admin API needs from the pooling machinery of the composition
 * root: a store built for a pool's URI (to check it answers and to read its
 * capabilities), and a way to drop what is cached about a pool that changed.
 */
export interface PoolingAdmin {
  /** Capabilities of the store `uri` selects; throws when no store serves the scheme or it does not answer. */
  probe(uri: string, options: Record<string, unknown>): Promise<readonly Capability[]>;
  /** Capabilities of a registered pool's store (cached); throws when unknown. */
  capabilities(pool: Pool): Promise<readonly Capability[]>;
  /** The pool changed or went away: forget its store and the catalogue cache. */
  poolChanged(name: string): void;
  /**
   * For `/v2/health`: the management store without placement (the self-test's
   * queue record goes there), and every registered pool with its store being
   * opened (rejects when it does not open). Throws when the pools cannot be listed.
   */
  healthTargets(): Promise<{ control: ControlDriver; pools: { name: string; store: Promise<DataDriver> }[] }>;
}

/** A pool as the API shows it (`options` only when detailed). */
export interface PoolView {
  name: string;
  uri: string;
  weight: number;
  flavor: string | null;
  options?: Record<string, unknown>;
}

/** A flavor as the API shows it. */
export interface FlavorView {
  name: string;
  pool_list?: string[];
  capabilities?: string[];
}

function objectDoc(body: RequestBody): Record<string, unknown> {
  if (!body.present) throw apiErrors.invalidBody('Missing request body.');
  const doc = body.parse();
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw apiErrors.invalidBody(`${pyRepr(doc)} is not of type 'object'`);
  return doc as Record<string, unknown>;
}

function unexpected(doc: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(doc).filter((key) => !allowed.includes(key));
  if (extra.length > 0) {
    throw apiErrors.invalidBody(`Additional properties are not allowed (${extra.map(pyStrRepr).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
}

/** Validates the present, non-null pool fields (JSON schema of the reference, validator-like texts). */
function checkPoolFields(doc: Record<string, unknown>): Partial<Omit<Pool, 'name'>> {
  const out: Partial<Omit<Pool, 'name'>> = {};
  const { uri, weight, flavor, options } = doc;
  if (uri !== undefined && uri !== null) {
    if (typeof uri !== 'string') throw apiErrors.invalidBody(`${pyRepr(uri)} is not of type 'string'`);
    if (uri.length > 255) throw apiErrors.invalidBody(`${pyStrRepr(uri)} is too long`);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) throw apiErrors.invalidBody(`${pyStrRepr(uri)} is not a 'uri'`);
    out.uri = uri;
  }
  if (weight !== undefined && weight !== null) {
    if (typeof weight !== 'number' || !Number.isInteger(weight)) throw apiErrors.invalidBody(`${pyRepr(weight)} is not of type 'integer'`);
    if (weight < 0) throw apiErrors.invalidBody(`${weight} is less than the minimum of 0`);
    if (weight > MAX_WEIGHT) throw apiErrors.invalidBody(`${weight} is greater than the maximum of ${MAX_WEIGHT}`);
    out.weight = weight;
  }
  if (flavor !== undefined && flavor !== null) {
    if (typeof flavor !== 'string') throw apiErrors.invalidBody(`${pyRepr(flavor)} is not of type 'string'`);
    if (flavor.length > 255) throw apiErrors.invalidBody(`${pyStrRepr(flavor)} is too long`);
    out.flavor = flavor === '' ? null : flavor;
  }
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options)) throw apiErrors.invalidBody(`${pyRepr(options)} is not of type 'object'`);
    out.options = options as Record<string, unknown>;
  }
  return out;
}

function checkLimit(limit: number | undefined, max: number): number {
  if (limit !== undefined && !(limit >= 1 && limit <= max)) throw apiErrors.badRequest(`Limit must be at least 1 and no greater than ${max}.`);
  return limit ?? DEFAULT_PAGE_SIZE;
}

function poolView(pool: Pool, detailed: boolean): PoolView {
  const view: PoolView = { name: pool.name, uri: pool.uri, weight: pool.weight, flavor: pool.flavor ?? null };
  if (detailed) view.options = pool.options ?? {};
  return view;
}

/** The admin-only routes exist with `admin_mode` and `pooling` (else 404 like an unknown route). */
function requirePooling(deps: ApiDeps): PoolingAdmin {
  const defaults = deps.conf.group<{ admin_mode: boolean; pooling: boolean }>('DEFAULT');
  if (!defaults.admin_mode || !defaults.pooling || !deps.pooling) throw apiErrors.routeNotFound();
  return deps.pooling;
}

/** Pool registration (operations pool_list, pool_get, pool_create, pool_update, pool_delete; http-api-v2.md §12). */
export class PoolsApi {
  constructor(private readonly deps: ApiDeps) {}

  private get pools() {
    return this.deps.control.pools;
  }

  /** One page sorted by name; 400 when `limit` is out of range. */
  async list(_ctx: RequestContext, request: { marker?: string; limit?: number; detailed?: boolean }): Promise<Page<PoolView>> {
    requirePooling(this.deps);
    const limit = checkLimit(request.limit, this.deps.conf.group<TransportConf>('transport').max_pools_per_page);
    const detailed = request.detailed ?? false;
    const page = await orUnavailable('Pools could not be listed.', () => this.pools.list({ marker: request.marker, limit, detailed }));
    return { items: page.items.map((pool) => poolView(pool, detailed)), marker: page.marker };
  }

  /** One pool; 404 `Pool <name> does not exist`. */
  async get(_ctx: RequestContext, name: string, detailed = false): Promise<PoolView> {
    requirePooling(this.deps);
    return poolView(await this.read(name), detailed);
  }

  /** Registers (or replaces) the pool after checking its store answers; 400/409 as the reference. */
  async create(_ctx: RequestContext, name: string, body: RequestBody): Promise<void> {
    const pooling = requirePooling(this.deps);
    const doc = objectDoc(body);
    unexpected(doc, POOL_FIELDS);
    for (const field of ['uri', 'weight'] as const) if (!(field in doc)) throw apiErrors.invalidBody(`${pyStrRepr(field)} is a required property`);
    const fields = checkPoolFields(doc);
    if (fields.uri === undefined || fields.weight === undefined) throw apiErrors.invalidBody("'uri' and 'weight' may not be null");
    const pool: Pool = { name, uri: fields.uri, weight: fields.weight, flavor: fields.flavor ?? null, options: fields.options ?? {} };
    await this.checkStore(pooling, pool);
    try {
      await this.pools.create(pool);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_POOL_ALREADY_EXISTS')) throw apiErrors.conflict(error.message);
      throw Object.assign(apiErrors.unavailable('Pool could not be created.'), { cause: error });
    } finally {
      pooling.poolChanged(name);
    }
  }

  /** Changes some fields; returns the non-detailed representation. */
  async update(_ctx: RequestContext, name: string, body: RequestBody): Promise<PoolView> {
    const pooling = requirePooling(this.deps);
    const doc = objectDoc(body);
    if (!POOL_FIELDS.some((field) => field in doc)) throw apiErrors.invalidBody('One of `uri`, `weight`, `flavor`, or `options` needs to be specified');
    unexpected(doc, POOL_FIELDS);
    const changes = checkPoolFields(doc);
    const current = await this.read(name);
    const next: Pool = { ...current, ...changes };
    if (changes.uri !== undefined || changes.options !== undefined || changes.flavor !== undefined) await this.checkStore(pooling, next);
    try {
      await this.pools.update(name, changes);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_POOL_DOES_NOT_EXIST')) throw apiErrors.notFound(error.message);
      if (isZaqarError(error, 'ZAQAR_POOL_ALREADY_EXISTS')) throw apiErrors.conflict(error.message);
      throw Object.assign(apiErrors.unavailable('Pool could not be updated.'), { cause: error });
    } finally {
      pooling.poolChanged(name);
    }
    return poolView(await this.read(name), false);
  }

  /** Removes the pool (unknown: no error); 403 when it is the last pool of a flavor. */
  async delete(_ctx: RequestContext, name: string): Promise<void> {
    const pooling = requirePooling(this.deps);
    try {
      await this.pools.delete(name);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_POOL_IN_USE_BY_FLAVOR')) throw new ApiError(403, 'Unable to delete', error.message);
      throw Object.assign(apiErrors.unavailable('Pool could not be deleted.'), { cause: error });
    } finally {
      pooling.poolChanged(name);
    }
  }

  private async read(name: string): Promise<Pool> {
    try {
      return await this.pools.get(name);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_POOL_DOES_NOT_EXIST')) throw apiErrors.notFound(`Pool ${name} does not exist`);
      throw Object.assign(apiErrors.unavailable('Pool could not be read.'), { cause: error });
    }
  }

  /** The store answers, and matches the capabilities of the other pools of its flavor. */
  private async checkStore(pooling: PoolingAdmin, pool: Pool): Promise<void> {
    let capabilities: readonly Capability[];
    try {
      capabilities = await pooling.probe(pool.uri, pool.options ?? {});
    } catch (error) {
      this.deps.logger.info({ err: error, pool: pool.name }, 'Pool store does not answer');
      throw apiErrors.invalidBody(`cannot connect to ${pool.uri}`);
    }
    if (pool.flavor === null) return;
    const siblings = (await orUnavailable('Pool could not be created.', () => this.pools.getByFlavor(pool.flavor))).filter((p) => p.name !== pool.name);
    if (siblings.length === 0) return;
    const expected = await orUnavailable('Pool could not be created.', () => pooling.capabilities(siblings[0]));
    const same = expected.length === capabilities.length && expected.every((c) => capabilities.includes(c));
    if (!same) throw new ApiError(400, 'Unable to create pool', 'The pool being added does not support the minimum set of capabilities');
  }
}

/** Flavors (operations flavor_list, flavor_get, flavor_create, flavor_update, flavor_delete; http-api-v2.md §13). */
export class FlavorsApi {
  constructor(private readonly deps: ApiDeps) {}

  /** One page of the project's flavors, each with its pools (and capabilities when detailed). */
  async list(ctx: RequestContext, request: { marker?: string; limit?: number; detailed?: boolean }): Promise<Page<FlavorView>> {
    const pooling = requirePooling(this.deps);
    const limit = checkLimit(request.limit, this.deps.conf.group<TransportConf>('transport').max_flavors_per_page);
    return orUnavailable('Flavors could not be listed.', async () => {
      const page = await this.deps.control.flavors.list(ctx.project, { marker: request.marker, limit });
      const items: FlavorView[] = [];
      for (const flavor of page.items) {
        const pools = await this.deps.control.pools.getByFlavor(flavor.name);
        const view: FlavorView = { name: flavor.name };
        if (pools.length > 0) view.pool_list = pools.map((p) => p.name);
        if (request.detailed) view.capabilities = await this.capabilitiesOf(pooling, pools);
        items.push(view);
      }
      return { items, marker: page.marker };
    });
  }

  /** One flavor with `pool_list` and `capabilities`; 404 `Flavor <name> does not exist`. */
  async get(ctx: RequestContext, name: string): Promise<FlavorView> {
    const pooling = requirePooling(this.deps);
    await this.read(ctx, name);
    return orUnavailable('Flavor could not be read.', async () => {
      const pools = await this.deps.control.pools.getByFlavor(name);
      return { name, pool_list: pools.map((p) => p.name), capabilities: await this.capabilitiesOf(pooling, pools) };
    });
  }

  /** Creates (or replaces) the flavor and points every listed pool at it. */
  async create(ctx: RequestContext, name: string, body: RequestBody): Promise<void> {
    const pooling = requirePooling(this.deps);
    const poolList = this.poolList(objectDoc(body));
    if (poolList.length === 0) throw new ApiError(400, 'Unable to create', 'Bad Request');
    const { pools, flavors } = this.deps.control;
    for (const pool of poolList) {
      const exists = await orUnavailable('Flavor could not be created.', () => pools.exists(pool));
      if (!exists) throw new ApiError(400, 'Unable to create', `Flavor ${name} could not be created, error:Pool ${pool} does not exist`);
    }
    await orUnavailable('Flavor could not be created.', async () => {
      await flavors.create({ name, project: ctx.project, capabilities: {} });
      for (const pool of poolList) await pools.update(pool, { flavor: name });
    });
    poolList.forEach((pool) => pooling.poolChanged(pool));
  }

  /** Replaces the pool list: added pools get the flavor, dropped ones lose it. */
  async update(ctx: RequestContext, name: string, body: RequestBody): Promise<FlavorView> {
    const pooling = requirePooling(this.deps);
    const doc = objectDoc(body);
    if (!('pool_list' in doc)) throw apiErrors.invalidBody('`pool_list` needs to be specified');
    const poolList = this.poolList(doc);
    if (poolList.length === 0) throw new ApiError(400, 'Unable to create', 'Bad Request');
    await this.read(ctx, name);
    const { pools } = this.deps.control;
    for (const pool of poolList) {
      const exists = await orUnavailable('Flavor could not be updated.', () => pools.exists(pool));
      if (!exists) throw new ApiError(400, 'updatefail', `Flavor ${name} cant be updated, error:Pool ${pool} does not exist`);
    }
    const current = await orUnavailable('Flavor could not be updated.', () => pools.getByFlavor(name));
    await orUnavailable('Flavor could not be updated.', async () => {
      for (const pool of poolList) await pools.update(pool, { flavor: name });
      for (const pool of current) if (!poolList.includes(pool.name)) await pools.update(pool.name, { flavor: null });
    });
    [...poolList, ...current.map((p) => p.name)].forEach((pool) => pooling.poolChanged(pool));
    const now = await orUnavailable('Flavor could not be updated.', () => pools.getByFlavor(name));
    return { name, capabilities: await this.capabilitiesOf(pooling, now), pool_list: now.map((p) => p.name) };
  }

  /** Clears the flavor from its pools and deletes it (unknown: no error). */
  async delete(ctx: RequestContext, name: string): Promise<void> {
    const pooling = requirePooling(this.deps);
    const { pools, flavors } = this.deps.control;
    await orUnavailable('Flavor could not be deleted.', async () => {
      const members = await pools.getByFlavor(name);
      for (const pool of members) {
        await pools.update(pool.name, { flavor: null });
        pooling.poolChanged(pool.name);
      }
      await flavors.delete(ctx.project, name);
    });
  }

  private async read(ctx: RequestContext, name: string): Promise<Flavor> {
    try {
      return await this.deps.control.flavors.get(ctx.project, name);
    } catch (error) {
      if (isZaqarError(error, 'ZAQAR_FLAVOR_DOES_NOT_EXIST')) throw apiErrors.notFound(`Flavor ${name} does not exist`);
      throw Object.assign(apiErrors.unavailable('Flavor could not be read.'), { cause: error });
    }
  }

  private poolList(doc: Record<string, unknown>): string[] {
    unexpected(doc, ['pool_list', 'capabilities']);
    if (!('pool_list' in doc)) throw apiErrors.invalidBody("'pool_list' is a required property");
    const list = doc.pool_list;
    if (!Array.isArray(list)) throw apiErrors.invalidBody(`${pyRepr(list)} is not of type 'array'`);
    for (const item of list) if (typeof item !== 'string') throw apiErrors.invalidBody(`${pyRepr(item)} is not of type 'string'`);
    if ('capabilities' in doc && (doc.capabilities === null || typeof doc.capabilities !== 'object' || Array.isArray(doc.capabilities))) {
      throw apiErrors.invalidBody(`${pyRepr(doc.capabilities)} is not of type 'object'`);
    }
    return [...new Set(list as string[])];
  }

  /** The first pool's capabilities (names, enum order); none when the flavor has no pool or it does not answer. */
  private async capabilitiesOf(pooling: PoolingAdmin, pools: readonly Pool[]): Promise<string[]> {
    if (pools.length === 0) return [];
    try {
      return [...(await pooling.capabilities(pools[0]))];
    } catch {
      return [];
    }
  }
}
