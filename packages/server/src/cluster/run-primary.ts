/**
 * The primary's entry from the command line: with more than one worker it
 * runs the cluster and resolves with the exit code; with one it resolves with
 * undefined and this process serves on its own, as before workers existed.
 */
import { createLogger, flushLogger, loggerOptionsFromConf, type DefaultConf, type Logger } from '@zaqarjs/core';
import { readConfiguration, type BootstrapOptions, type Configuration } from '../bootstrap';
import { automaticWorkers } from './auto-workers';
import { runPrimary } from './primary';

export async function runPrimaryFromCommand(inputs: BootstrapOptions): Promise<number | undefined> {
  // Read once, core's options only (the workers load the plugins). A configuration that cannot be
  // read or applied (a log file whose folder cannot be made...) leaves it to the single process,
  // which reports it with its one line and exit 1, as without workers.
  let configuration: Configuration;
  let configured: number;
  let logger: Logger;
  try {
    configuration = readConfiguration(inputs);
    const defaults = configuration.loaded.conf.group<DefaultConf & { workers: number }>('DEFAULT');
    configured = defaults.workers;
    if (configured === 1) return undefined;
    // The primary's few lines (workers started, died, stopped) go where the workers' go (log_file,
    // log_dir, use_syslog, log_config_append).
    logger = createLogger(loggerOptionsFromConf(defaults, 'zaqar-server'));
  } catch {
    return undefined;
  }
  const automatic = configured === 0 ? await automaticWorkers(inputs.appRoot, configuration) : undefined;
  const workers = automatic?.workers ?? configured;
  if (automatic?.oneProcessFor) {
    logger.info(
      { event: 'one_process', messageStore: automatic.oneProcessFor },
      `[DEFAULT] workers = 0: one process, as the message store (${automatic.oneProcessFor}) prefers; set workers to run more`,
    );
  } else if (automatic?.coreLeftFor) {
    logger.info(
      { event: 'core_left_to_store', messageStore: automatic.coreLeftFor, workers },
      `[DEFAULT] workers = 0: ${workers === 1 ? 'one process' : `${workers} workers`}, one core left to the message store's ` +
        `server (${automatic.coreLeftFor}) on this host; set workers to run more`,
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
