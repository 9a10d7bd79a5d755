/**
 * How many worker processes `[DEFAULT] workers` asks for, read before anything
 * is started (core's options only).
 */
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

/** `[DEFAULT] workers` as set, 0 meaning automatic (see auto-workers.ts); 1 when the configuration cannot be read (the single process then reports why). */
export function configuredWorkers(inputs: WorkerCountInputs): number {
  try {
    return readCoreConf(inputs).group<{ workers: number }>('DEFAULT').workers;
  } catch {
    return 1;
  }
}
