/** One MongoClient per driver: connect, the reference's reliability guard, liveness, close. */
import { StorageUnavailable } from '@zaqarjs/core';
import { MongoClient, type Db, type DbOptions } from 'mongodb';
import type { MongoStoreOptions } from '../options';
import { clientOptions, normalizeUri } from './uri';

const UNRELIABLE_TOPOLOGY = 'Either a replica set or a mongos is required to guarantee message delivery';
const UNRELIABLE_WRITE_CONCERN =
  'Using a write concern other than `majority` or > 2 makes the service unreliable. Please use a different write concern or set `unreliable` to True in the config file.';

/** The open client plus the write concern message databases use. */
export class MongoConnection {
  readonly #client: MongoClient;
  /** Message databases write with w=majority, j=false unless the URI sets a write concern (reference). */
  readonly #messageDbOptions: DbOptions;

  constructor(uri: string, options: Pick<MongoStoreOptions, 'ssl'>) {
    const normalized = normalizeUri(uri);
    this.#client = new MongoClient(normalized, clientOptions(normalized, options));
    const uriSetsW = /[?&]w=/i.test(normalized);
    this.#messageDbOptions = uriSetsW ? {} : { writeConcern: { w: 'majority', journal: false } };
  }

  /** Connects (fails after the server selection timeout when no server answers). */
  async connect(): Promise<void> {
    await this.#client.connect();
  }

  /**
   * The reference's startup check for message stores: a standalone server or a weak write
   * concern may lose messages, so they are refused unless `[DEFAULT] unreliable = true`.
   */
  async assertReliable(unreliable: boolean): Promise<void> {
    if (unreliable) return;
    const hello = await this.#client.db('admin').command({ hello: 1 });
    if (!hello.setName && hello.msg !== 'isdbgrid') throw new StorageUnavailable(UNRELIABLE_TOPOLOGY);
    const w = this.#client.writeConcern?.w;
    if (w !== undefined && w !== 'majority' && !(typeof w === 'number' && w >= 2)) throw new StorageUnavailable(UNRELIABLE_WRITE_CONCERN);
  }

  /** A control-plane database. */
  db(name: string): Db {
    return this.#client.db(name);
  }

  /** A message database (majority write concern unless the URI says otherwise). */
  messageDb(name: string): Db {
    return this.#client.db(name, this.#messageDbOptions);
  }

  /** `ping` on admin, as the reference's is_alive. */
  async isAlive(): Promise<boolean> {
    try {
      await this.#client.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
