/**
 * What `[DEFAULT] workers = 0` means: one process per CPU core, except
 * - on a message store that prefers one process (`DataDriver.prefersOneProcess`: embedded SQLite,
 *   whose processes take turns at the file's write lock). There one process served every write
 *   workload faster than two on the 2-core machine, with a lower p99 on every workload;
 * - on a message store whose server runs on this host (`DataDriver.serverOnThisHost`: Redis on a
 *   loopback address or a socket): one core is left to that server. On the 2-core machine one
 *   worker on the local Redis served more than two (README, Benchmarks, Session 18 runs).
 */
import * as os from 'node:os';
import { createLogger, discoverPlugins, type DefaultConf, type Logger } from '@zaqarjs/core';
import { pluginDirs, type Configuration } from '../bootstrap';
import { processPreferences } from '../composition-root';
import { selectMessageStore } from '../plugin-selection';

export interface AutomaticWorkers {
  workers: number;
  /** The `[drivers] message_store` that asked for one process. */
  oneProcessFor?: string;
  /** The `[drivers] message_store` whose server on this host was left a core. */
  coreLeftFor?: string;
}

/** Silent: the workers (or the single process) log the configuration and its warnings themselves. */
const silent = (): Logger => createLogger({ level: 'silent', destination: { write: () => {} } });

/**
 * One per core, fewer for a message store that asks (see the module comment), or one when the
 * store cannot be created (the single process then reports why, in its one line). Only the
 * message store's plugin is loaded here (its options join `configuration`'s registry): the
 * primary stays as small as without this question.
 */
export async function automaticWorkers(appRoot: string, configuration: Configuration, cores = os.availableParallelism()): Promise<AutomaticWorkers> {
  if (cores <= 1) return { workers: 1 };
  try {
    const { env, registry, loaded } = configuration;
    const { conf } = loaded;
    const defaults = conf.group<DefaultConf & { pooling: boolean }>('DEFAULT');
    // With pooling, queues live on any of the pool stores: the configured one alone does not decide.
    if (defaults.pooling) return { workers: cores };
    const messageStore = await selectMessageStore(discoverPlugins({ appRoot, pluginDirs: pluginDirs(defaults, env) }), conf);
    registry.register(...(messageStore.plugin.module.options ?? []));
    const asked = await processPreferences(messageStore, conf, silent());
    if (asked.prefersOneProcess) return { workers: 1, oneProcessFor: messageStore.name };
    if (asked.serverOnThisHost) return { workers: cores - 1, coreLeftFor: messageStore.name };
    return { workers: cores };
  } catch {
    return { workers: 1 };
  }
}
