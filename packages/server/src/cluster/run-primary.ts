/**
 * The primary's entry from the command line: with more than one worker it
 * runs the cluster and resolves with the exit code; with one it resolves with
 * undefined and this process serves on its own, as before workers existed.
 */
import { createLogger, flushLogger, loggerOptionsFromConf, type DefaultConf } from '@zaqarjs/core';
import { automaticWorkers } from './auto-workers';
import { runPrimary } from './primary';
import { configuredWorkers, readCoreConf, type WorkerCountInputs } from './worker-count';

/** The command line, and where plugins are resolved from (for `workers = 0`, which asks the message store). */
export interface PrimaryInputs extends WorkerCountInputs {
  appRoot: string;
}

export async function runPrimaryFromCommand(inputs: PrimaryInputs): Promise<number | undefined> {
  const configured = configuredWorkers(inputs);
  if (configured === 1) return undefined;
  // The primary's few lines (workers started, died, stopped) go where the workers' go (log_file,
  // log_dir, use_syslog, log_config_append). Options that cannot apply: the single process
  // started instead reports them with its one line and exit 1, as without workers.
  // (A log file whose folder cannot be made is one of them.)
  let logger;
  try {
    logger = createLogger(loggerOptionsFromConf(readCoreConf(inputs).group<DefaultConf>('DEFAULT'), 'zaqar-server'));
  } catch {
    return undefined;
  }
  const automatic = configured === 0 ? await automaticWorkers(inputs) : undefined;
  const workers = automatic?.workers ?? configured;
  if (automatic?.oneProcessFor) {
    logger.info(
      { event: 'one_process', messageStore: automatic.oneProcessFor },
      `[DEFAULT] workers = 0: one process, as the message store (${automatic.oneProcessFor}) prefers; set workers to run more`,
    );
  }
  if (workers <= 1) {
    await flushLogger(logger);
    return undefined;
  }
  const code = await runPrimary(workers, logger);
  await flushLogger(logger);
  return code;
}
