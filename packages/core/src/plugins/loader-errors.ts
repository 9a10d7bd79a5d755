/**
 * Why a plugin named in the configuration cannot be used. Each class has a
 * stable `code`; every message is one line that names the setting, the plugin
 * name and the package to fix, because startup prints exactly that line.
 */
import { errorMessage } from '../errors/error-codes';

/** Base of every plugin loading failure. */
export abstract class PluginError extends Error {
  /** Stable identifier of the failure kind. */
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Who asked for a plugin: the setting and the name written there. */
export interface PluginRequestLabel {
  /** E.g. `[drivers] message_store`. */
  setting: string;
  name: string;
}

const label = (request: PluginRequestLabel) => `${request.setting} "${request.name}"`;

/** No installed package provides the name ("not installed"). */
export class UnknownPluginError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_UNKNOWN';
  constructor(
    readonly request: PluginRequestLabel,
    readonly namespace: string,
    readonly available: readonly string[],
  ) {
    super(
      `Unknown ${label(request)}; available: ${available.length > 0 ? available.join(', ') : `none (no installed package provides ${namespace} entry points)`}`,
    );
  }
}

/** The package declares an entry file that is not there (typically: not built). */
export class PluginEntryMissingError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_ENTRY_MISSING';
  constructor(
    readonly request: PluginRequestLabel,
    readonly packageName: string,
    readonly entryPath: string,
  ) {
    super(`${label(request)}: package ${packageName} declares ${entryPath}, which does not exist (is the package built?)`);
  }
}

/** The package is installed, but something it requires is not ("installed, dependency missing"). */
export class PluginDependencyMissingError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_DEPENDENCY_MISSING';
  constructor(
    readonly request: PluginRequestLabel,
    readonly packageName: string,
    readonly dependency: string,
  ) {
    super(
      `${label(request)}: package ${packageName} is installed but its dependency "${dependency}" is missing; reinstall ${packageName} with its dependencies (npm install)`,
    );
  }
}

/** The entry module threw while being loaded. */
export class PluginLoadError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_LOAD_FAILED';
  constructor(
    readonly request: PluginRequestLabel,
    readonly packageName: string,
    override readonly cause: unknown,
  ) {
    super(`${label(request)}: package ${packageName} failed to load: ${firstLine(cause)}`);
  }
}

/** The entry module does not look like a plugin (no `create`, malformed `options`). */
export class PluginShapeError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_INVALID_SHAPE';
  constructor(
    readonly request: PluginRequestLabel,
    readonly packageName: string,
    readonly problem: string,
  ) {
    super(`${label(request)}: package ${packageName} is not a valid zaqar plugin: ${problem}`);
  }
}

/** The package's `zaqar.apiVersion` range excludes this server's plugin API (or is missing/invalid). */
export class PluginApiVersionError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_API_MISMATCH';
  constructor(
    readonly request: PluginRequestLabel,
    readonly packageName: string,
    readonly problem: string,
  ) {
    super(`${label(request)}: package ${packageName} ${problem}`);
  }
}

/** A folder named in `plugin_dirs` / `ZAQAR_PLUGIN_PATH` does not exist. */
export class PluginDirNotFoundError extends PluginError {
  readonly code = 'ZAQAR_PLUGIN_DIR_NOT_FOUND';
  constructor(
    readonly dir: string,
    readonly origin: string,
  ) {
    super(`Plugin folder ${dir} (from ${origin}) does not exist`);
  }
}

/** The first line of an error's message, so startup output stays one line. */
export function firstLine(error: unknown): string {
  return errorMessage(error).split('\n')[0];
}
