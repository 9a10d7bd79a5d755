/**
 * The primary's entry from the command line: with `[DEFAULT] workers` > 1 it
 * runs the cluster and resolves with the exit code; with 1 it resolves with
 * undefined and this process serves on its own, as before workers existed.
 */
import { createLogger, flushLogger } from '@zaqarjs/core';
import { runPrimary } from './primary';
import { configuredWorkers, type WorkerCountInputs } from './worker-count';

export async function runPrimaryFromCommand(command: WorkerCountInputs): Promise<number | undefined> {
  const workers = configuredWorkers(command);
  if (workers <= 1) return undefined;
  // The primary's few lines (workers started, died, stopped) go to standard output.
  const logger = createLogger({ debug: command.overrides.OS_DEFAULT__DEBUG === 'true' });
  const code = await runPrimary(workers, logger);
  await flushLogger(logger);
  return code;
}
