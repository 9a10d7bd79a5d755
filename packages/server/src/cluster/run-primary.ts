/**
 * The primary's entry from the command line: with `[DEFAULT] workers` > 1 it
 * runs the cluster and resolves with the exit code; with 1 it resolves with
 * undefined and this process serves on its own, as before workers existed.
 */
import { createLogger, flushLogger, loggerOptionsFromConf, type DefaultConf } from '@zaqarjs/core';
import { runPrimary } from './primary';
import { configuredWorkers, readCoreConf, type WorkerCountInputs } from './worker-count';

export async function runPrimaryFromCommand(command: WorkerCountInputs): Promise<number | undefined> {
  const workers = configuredWorkers(command);
  if (workers <= 1) return undefined;
  // The primary's few lines (workers started, died, stopped) go where the workers' go (log_file,
  // log_dir, use_syslog, log_config_append). Options that cannot apply: the single process
  // started instead reports them with its one line and exit 1, as without workers.
  // (A log file whose folder cannot be made is one of them.)
  let logger;
  try {
    logger = createLogger(loggerOptionsFromConf(readCoreConf(command).group<DefaultConf>('DEFAULT'), 'zaqar-server'));
  } catch {
    return undefined;
  }
  const code = await runPrimary(workers, logger);
  await flushLogger(logger);
  return code;
}
