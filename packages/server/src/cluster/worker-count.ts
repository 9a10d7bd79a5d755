/**
 * How many worker processes `[DEFAULT] workers` asks for, read before anything
 * is started (core's options only: plugins are loaded by the workers).
 */
import * as os from 'node:os';
import { OptionRegistry, coreOptionGroups, loadConfig, type TypedConf } from '@zaqarjs/core';

export interface WorkerCountInputs {
  configFiles: readonly string[];
  configDirs: readonly string[];
  overrides: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Core's options of the configuration (files, environment, command line); throws ConfigError. */
export function readCoreConf(inputs: WorkerCountInputs): TypedConf {
  const env = { ...(inputs.env ?? process.env), ...inputs.overrides };
  return loadConfig({
    registry: new OptionRegistry().register(...coreOptionGroups),
    env,
    configFiles: inputs.configFiles,
    configDirs: inputs.configDirs,
    prog: 'zaqar-server',
    home: env.HOME,
  }).conf;
}

/** `[DEFAULT] workers`, 0 meaning one per core; 1 when the configuration cannot be read (the single process then reports why). */
export function configuredWorkers(inputs: WorkerCountInputs): number {
  try {
    const conf = readCoreConf(inputs);
    const workers = conf.group<{ workers: number }>('DEFAULT').workers;
    return workers > 0 ? workers : os.availableParallelism();
  } catch {
    return 1;
  }
}
