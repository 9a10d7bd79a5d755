import { PoolAlreadyExists, PoolDoesNotExist, PoolInUseByFlavor, type Page, type Pool, type PoolsController } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson, int } from '../util/codec';

/** Hash fields of a pool: uri, weight, flavor ('' = none), options JSON. */
type PoolFields = Record<string, string>;

/**
 * Registered pools (global, not per project): a hash per pool, a zset of names in
 * byte order and a uri → name hash that keeps uris unique. Writes are Lua scripts.
 */
export class RedisPoolsController implements PoolsController {
  constructor(private readonly ctx: StoreContext) {}

  async list(options: { marker?: string; limit: number; detailed: boolean }): Promise<Page<Pool>> {
    const from = options.marker === undefined ? '-' : `(${options.marker}`;
    const names =
      options.limit > 0
        ? await this.ctx.client.zrangebylex(this.ctx.keys.poolNames, from, '+', 'LIMIT', 0, options.limit)
        : await this.ctx.client.zrangebylex(this.ctx.keys.poolNames, from, '+');
    const items = await this.read(names);
    return { items, marker: items[items.length - 1]?.name };
  }

  async create(pool: Pool): Promise<void> {
    await this.save(pool.name, 'create', {
      u: pool.uri,
      w: String(pool.weight),
      f: pool.flavor ?? '',
      o: encodeJson(pool.options ?? {}),
    });
  }

  async get(name: string): Promise<Pool> {
    const [pool] = await this.read([name]);
    if (!pool) throw new PoolDoesNotExist(name);
    return pool;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.ctx.client.exists(this.ctx.keys.pool(name))) === 1;
  }

  async getByFlavor(flavor: string | null): Promise<Pool[]> {
    const all = await this.read(await this.ctx.client.zrange(this.ctx.keys.poolNames, 0, -1));
    return all.filter((pool) => pool.flavor === (flavor || null));
  }

  async update(name: string, changes: Partial<Omit<Pool, 'name'>>): Promise<void> {
    const fields: PoolFields = {};
    if (changes.uri !== undefined) fields.u = changes.uri;
    if (changes.weight !== undefined) fields.w = String(changes.weight);
    if (changes.flavor !== undefined) fields.f = changes.flavor ?? '';
    if (changes.options !== undefined) fields.o = encodeJson(changes.options ?? {});
    await this.save(name, 'update', fields);
  }

  async delete(name: string): Promise<void> {
    const keys = this.ctx.keys;
    const [outcome, flavor] = await this.ctx.run<string[]>('poolDelete', [keys.poolNames, keys.poolUris, keys.poolPrefix, keys.flavorProjectsPrefix, name]);
    if (outcome === 'in_use') throw new PoolInUseByFlavor(name, flavor);
  }

  private async save(name: string, mode: 'create' | 'update', fields: PoolFields): Promise<void> {
    const keys = this.ctx.keys;
    const args = [keys.poolNames, keys.poolUris, keys.pool(name), name, mode, ...Object.entries(fields).flat()];
    const outcome = await this.ctx.run<string>('poolSave', args);
    if (outcome === 'missing') throw new PoolDoesNotExist(name);
    if (outcome === 'uri_taken') throw new PoolAlreadyExists();
  }

  /** The existing pools among `names`, in the same order (one pipelined round trip). */
  private async read(names: string[]): Promise<Pool[]> {
    const replies = await Promise.all(names.map((name) => this.ctx.client.hgetall(this.ctx.keys.pool(name))));
    return replies.flatMap((fields, i) => (fields.u === undefined ? [] : [toPool(names[i], fields)]));
  }
}

function toPool(name: string, fields: PoolFields): Pool {
  return {
    name,
    uri: fields.u,
    weight: int(fields.w),
    flavor: fields.f ? fields.f : null,
    options: decodeJson<Record<string, unknown>>(fields.o ?? '{}'),
  };
}
