import { FlavorDoesNotExist, type Flavor, type FlavorsController, type Page } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { decodeJson, encodeJson } from '../util/codec';
import { execResult } from './queue-catalog';

/**
 * Flavors, per project (the reference's Redis store keyed them by name alone, quirk 21).
 * A set per flavor name records the projects having one, for the pool-deletion check.
 */
export class RedisFlavorsController implements FlavorsController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string, options: { marker?: string; limit: number }): Promise<Page<Flavor>> {
    if (options.limit <= 0) return { items: [] };
    const keys = this.ctx.keys.flavors(project);
    const from = options.marker === undefined ? '-' : `(${options.marker}`;
    const names = await this.ctx.client.zrangebylex(keys.names, from, '+', 'LIMIT', 0, options.limit);
    const documents = names.length > 0 ? await this.ctx.client.hmget(keys.caps, ...names) : [];
    const items = names.map((name, i) => ({ name, project, capabilities: decodeJson<Record<string, unknown>>(documents[i] ?? '{}') }));
    return { items, marker: items[items.length - 1]?.name };
  }

  async create(flavor: Flavor): Promise<void> {
    const keys = this.ctx.keys.flavors(flavor.project);
    const results = await this.ctx.client
      .multi()
      .hset(keys.caps, flavor.name, encodeJson(flavor.capabilities ?? {}))
      .zadd(keys.names, 0, flavor.name)
      .sadd(this.ctx.keys.flavorProjects(flavor.name), flavor.project)
      .exec();
    execResult(results, 0);
  }

  async get(project: string, name: string): Promise<Flavor> {
    const document = await this.ctx.client.hget(this.ctx.keys.flavors(project).caps, name);
    if (document === null) throw new FlavorDoesNotExist(name);
    return { name, project, capabilities: decodeJson<Record<string, unknown>>(document) };
  }

  async exists(project: string, name: string): Promise<boolean> {
    return (await this.ctx.client.hexists(this.ctx.keys.flavors(project).caps, name)) === 1;
  }

  async delete(project: string, name: string): Promise<void> {
    const keys = this.ctx.keys.flavors(project);
    const results = await this.ctx.client.multi().hdel(keys.caps, name).zrem(keys.names, name).srem(this.ctx.keys.flavorProjects(name), project).exec();
    execResult(results, 0);
  }
}
