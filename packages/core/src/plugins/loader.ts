/**
 * Turns a name from zaqar.conf into a plugin module, after Verdaccio's loader:
 * find the package that provides the name, check its declared plugin API
 * range before running any of its code, load the entry file telling "entry
 * missing" and "a dependency of the plugin is missing" apart from other load
 * failures, then check the module's shape (and, once created, the shape of
 * what `create()` returned against its namespace's contract). Unlike Verdaccio there is no
 * fallback: every failure is a typed PluginError that stops startup.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { OptionGroup } from '../config/types';
import type { PluginCatalog, PluginEntry } from './loader-discovery';
import {
  PluginApiVersionError,
  PluginDependencyMissingError,
  PluginEntryMissingError,
  PluginLoadError,
  PluginShapeError,
  UnknownPluginError,
  type PluginRequestLabel,
} from './loader-errors';
import { satisfies } from './loader-semver';
import { contractProblem } from './plugin-contracts';
import { PLUGIN_API_VERSION, type PluginModule } from './plugin-module';

/** A name to resolve in a namespace, and the setting that named it. */
export interface PluginRequest extends PluginRequestLabel {
  namespace: string;
}

/** A plugin ready to be created. */
export interface LoadedPlugin<T = unknown> {
  entry: PluginEntry;
  module: PluginModule<T>;
}

function checkApiVersion(request: PluginRequest, entry: PluginEntry): void {
  const range = entry.package.apiVersion;
  if (range === undefined)
    throw new PluginApiVersionError(
      request,
      entry.package.name,
      `declares no "zaqar.apiVersion" range in its package.json (this server provides plugin API ${PLUGIN_API_VERSION})`,
    );
  let ok: boolean;
  try {
    ok = satisfies(PLUGIN_API_VERSION, range);
  } catch {
    throw new PluginApiVersionError(request, entry.package.name, `declares an invalid "zaqar.apiVersion" range ${JSON.stringify(range)}`);
  }
  if (!ok) throw new PluginApiVersionError(request, entry.package.name, `requires plugin API ${range}, but this server provides ${PLUGIN_API_VERSION}`);
}

/** The module name in a "Cannot find module 'x'" error (Node's and jest's wording). */
function missingModuleName(error: unknown): string | undefined {
  if ((error as { code?: string })?.code !== 'MODULE_NOT_FOUND') return undefined;
  return /Cannot find module '([^']+)'/.exec((error as Error).message)?.[1];
}

/** `require`s the entry; ESM-only entries fall back to a real dynamic import. */
async function importEntry(entryPath: string): Promise<unknown> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plugin entry is a path known only at run time; CommonJS first (see below)
    return require(entryPath);
  } catch (error) {
    if ((error as { code?: string })?.code !== 'ERR_REQUIRE_ESM') throw error;
    // Kept out of tsc's reach: compiled to CommonJS, a plain import() would become require().
    const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
    return dynamicImport(pathToFileURL(entryPath).href);
  }
}

async function loadEntry(request: PluginRequest, entry: PluginEntry): Promise<unknown> {
  if (!fs.existsSync(entry.entryPath)) throw new PluginEntryMissingError(request, entry.package.name, entry.entryPath);
  try {
    return await importEntry(entry.entryPath);
  } catch (error) {
    const missing = missingModuleName(error);
    // A bare specifier is a package the plugin depends on; a missing relative file is a broken package.
    if (missing !== undefined && !/^[./]/.test(missing)) throw new PluginDependencyMissingError(request, entry.package.name, missing);
    throw new PluginLoadError(request, entry.package.name, error);
  }
}

function isOptionGroup(value: unknown): value is OptionGroup {
  const group = value as OptionGroup;
  return (
    !!group &&
    typeof group.group === 'string' &&
    typeof group.owner === 'string' &&
    Array.isArray(group.options) &&
    group.options.every((o) => !!o && typeof o.name === 'string' && typeof o.type === 'string')
  );
}

/** Accepts named exports or a default export carrying `create` (and `options`). */
export function toPluginModule(request: PluginRequest, entry: PluginEntry, exported: unknown): PluginModule {
  const candidates = [exported, (exported as { default?: unknown })?.default];
  const found = candidates.find((c) => !!c && typeof (c as PluginModule).create === 'function') as PluginModule | undefined;
  if (!found) throw new PluginShapeError(request, entry.package.name, `${entry.entryPath} does not export a create() function`);
  const options = (found as { options?: unknown }).options ?? (exported as { options?: unknown }).options;
  if (options !== undefined && !(Array.isArray(options) && options.every(isOptionGroup))) {
    throw new PluginShapeError(
      request,
      entry.package.name,
      `${entry.entryPath} exports "options" that is not an array of option groups ({group, owner, options: [{name, type, ...}]})`,
    );
  }
  const create = found.create.bind(found);
  return {
    // What create() returns is checked against the namespace's contract before anyone uses it.
    async create(context) {
      const instance = await create(context);
      const problem = contractProblem(request.namespace, instance);
      if (problem !== undefined) throw new PluginShapeError(request, entry.package.name, problem);
      return instance;
    },
    options: options as OptionGroup[] | undefined,
  };
}

/** Finds, checks and loads the plugin `request` names; throws a PluginError saying what to fix. */
export async function loadPlugin<T = unknown>(catalog: PluginCatalog, request: PluginRequest): Promise<LoadedPlugin<T>> {
  const entry = catalog.find(request.namespace, request.name);
  if (!entry) throw new UnknownPluginError(request, request.namespace, catalog.names(request.namespace));
  checkApiVersion(request, entry);
  const exported = await loadEntry(request, entry);
  return { entry, module: toPluginModule(request, entry, exported) as PluginModule<T> };
}
