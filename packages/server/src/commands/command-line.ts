/**
 * What the operator commands other than zaqar-server share: oslo's
 * `--config-file` / `--config-dir` spellings, a logger on standard error (their
 * standard output is their answer), and the selected stores created and opened
 * without transports.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createLogger, firstLine, type ControlDriver, type DataDriver, type Logger, type PluginContext } from '@zaqarjs/core';
import { container as rootContainer } from 'tsyringe';
import { bootstrap, type Bootstrapped } from '../bootstrap';

export interface ParsedCommand<V> {
  configFiles: string[];
  configDirs: string[];
  values: V;
  positionals: string[];
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` with the config options added to `options`; throws a one-line Error on a bad flag. */
export function parseCommand<V extends Record<string, unknown>>(argv: readonly string[], options: Options, allowPositionals = false): ParsedCommand<V> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.map((arg) => arg.replace(/^--config_(file|dir)(?==|$)/, '--config-$1')),
      allowPositionals,
      options: { 'config-file': { type: 'string', multiple: true }, 'config-dir': { type: 'string', multiple: true }, ...options },
    });
  } catch (error) {
    throw new Error(`${firstLine(error)} (see --help)`);
  }
  const values = parsed.values as Record<string, unknown>;
  return {
    configFiles: (values['config-file'] as string[] | undefined) ?? [],
    configDirs: (values['config-dir'] as string[] | undefined) ?? [],
    values: values as V,
    positionals: parsed.positionals,
  };
}

/** Warnings and errors as JSON lines on standard error. */
export function commandLogger(): Logger {
  return createLogger({ level: 'warn', destination: process.stderr });
}

/** Reads the configuration and loads the selected plugins, as zaqar-server does. */
export function bootstrapCommand(appRoot: string, command: ParsedCommand<unknown>, logger: Logger = commandLogger()): Promise<Bootstrapped> {
  return bootstrap({ appRoot, configFiles: command.configFiles, configDirs: command.configDirs, logger });
}

/** The selected stores, created and opened (no pipelines, no transports). */
export interface OpenedStores {
  data: DataDriver;
  control: ControlDriver;
  close(): Promise<void>;
}

export async function openSelectedStores({ conf, logger, selection }: Bootstrapped): Promise<OpenedStores> {
  const container = rootContainer.createChildContainer();
  const context = (name: string): PluginContext => ({ conf, logger, container, name });
  const opened: (DataDriver | ControlDriver)[] = [];
  const close = async () => void (await Promise.allSettled(opened.reverse().map((store) => store.close())));
  try {
    const control = await selection.managementStore.plugin.module.create(context(selection.managementStore.name));
    await control.open();
    opened.push(control);
    const data = await selection.messageStore.plugin.module.create(context(selection.messageStore.name));
    await data.open();
    opened.push(data);
    return { data, control, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs a command's main: its result is the exit code; a throw prints `<prog>: <first line>` and exits 1. */
export function runCommand(prog: string, main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${prog}: ${firstLine(error)}\n`);
      process.exitCode = 1;
    },
  );
}
