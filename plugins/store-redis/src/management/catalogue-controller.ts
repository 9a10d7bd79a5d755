import { QueueNotMapped, type CatalogueController, type CatalogueEntry } from '@zaqarjs/core';
import type { StoreContext } from '../store-context';
import { byteCompare } from '../util/codec';

/** Queue → pool mapping used by pooling: one hash per project, queue → pool name. */
export class RedisCatalogueController implements CatalogueController {
  constructor(private readonly ctx: StoreContext) {}

  async list(project: string): Promise<CatalogueEntry[]> {
    const entries = await this.ctx.client.hgetall(this.ctx.keys.catalogue(project));
    return Object.keys(entries)
      .sort(byteCompare)
      .map((queue) => ({ project, queue, pool: entries[queue] }));
  }

  async get(project: string, queue: string): Promise<CatalogueEntry> {
    const pool = await this.ctx.client.hget(this.ctx.keys.catalogue(project), queue);
    if (pool === null) throw new QueueNotMapped(queue, project);
    return { project, queue, pool };
  }

  async exists(project: string, queue: string): Promise<boolean> {
    return (await this.ctx.client.hexists(this.ctx.keys.catalogue(project), queue)) === 1;
  }

  async insert(project: string, queue: string, pool: string): Promise<void> {
    await this.ctx.client.hset(this.ctx.keys.catalogue(project), queue, pool);
  }

  async insertIfAbsent(project: string, queue: string, pool: string): Promise<string> {
    const key = this.ctx.keys.catalogue(project);
    await this.ctx.client.hsetnx(key, queue, pool);
    return (await this.ctx.client.hget(key, queue)) ?? pool;
  }

  async delete(project: string, queue: string): Promise<void> {
    await this.ctx.client.hdel(this.ctx.keys.catalogue(project), queue);
  }

  async update(project: string, queue: string, pool: string): Promise<void> {
    const done = await this.ctx.run<number>('setExisting', [this.ctx.keys.catalogue(project), queue, pool]);
    if (done !== 1) throw new QueueNotMapped(queue, project);
  }
}
