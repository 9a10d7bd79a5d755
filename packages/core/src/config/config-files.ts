/**
 * Which files make up the configuration, with oslo.config's lookup rules:
 * every `--config-file` in order, else the first existing `zaqar.conf` (and
 * `<prog>.conf`) among `~/.zaqar/`, `~/`, `/etc/zaqar/`, `/etc/`; then every
 * `*.conf` of each `--config-dir` (else of the first existing `zaqar.conf.d/`
 * and `<prog>.conf.d/` in the same places), sorted by name. Later files win.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './errors';

/** Where to look; every field has the production default. */
export interface ConfigLocation {
  /** `--config-file` values, in command-line order. */
  configFiles?: readonly string[];
  /** `--config-dir` values, in command-line order. */
  configDirs?: readonly string[];
  /** Project name (`zaqar`). */
  project?: string;
  /** Program name (`zaqar-server`): `<prog>.conf` is searched too. */
  prog?: string;
  /** Home directory for `~`. */
  home?: string;
  /** The standard search directories; defaults to `~/.zaqar`, `~`, `/etc/zaqar`, `/etc` (+ snap). */
  searchDirs?: readonly string[];
  /** Environment, for `SNAP`/`SNAP_COMMON`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The files to parse, in order, and the directories relative file names are resolved against. */
export interface ConfigSources {
  /** Every file to read, lowest precedence first. */
  files: string[];
  /** Search order for files named relative to the configuration (policy_file...), like oslo's find_file. */
  configDirs: string[];
}

/** oslo.config's standard directories for a project. */
export function standardSearchDirs(project: string, home: string, env: Readonly<Record<string, string | undefined>> = {}): string[] {
  const dirs = [path.join(home, `.${project}`), home, path.join('/etc', project), '/etc'];
  if (env.SNAP_COMMON) dirs.push(path.join(env.SNAP_COMMON, 'etc', project));
  if (env.SNAP) dirs.push(path.join(env.SNAP, 'etc', project));
  return dirs;
}

/** For each base name, the first `dir/<name><suffix>` that exists (no duplicates). */
function firstExisting(dirs: readonly string[], names: readonly string[], suffix: string): string[] {
  const found: string[] = [];
  for (const name of new Set(names)) {
    const hit = dirs.map((dir) => path.join(dir, name + suffix)).find((candidate) => fs.existsSync(candidate));
    if (hit && !found.includes(hit)) found.push(hit);
  }
  return found;
}

/** The `*.conf` files of a directory, sorted by name; throws when the directory cannot be read. */
export function listConfigDir(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    throw new ConfigError(`Failed to read config file directory: ${dir}`);
  }
  return entries
    .filter((name) => name.endsWith('.conf'))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile());
}

function expandHome(file: string, home: string): string {
  return path.resolve(file === '~' ? home : file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
}

/** Applies the lookup rules; throws ConfigError naming a `--config-file` that does not exist. */
export function resolveConfigSources(location: ConfigLocation = {}): ConfigSources {
  const project = location.project ?? 'zaqar';
  const names = [project, location.prog ?? project];
  const home = location.home ?? process.env.HOME ?? '/';
  const searchDirs = [...(location.searchDirs ?? standardSearchDirs(project, home, location.env))];
  const given = (location.configFiles ?? []).map((file) => expandHome(file, home));
  const missing = given.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new ConfigError(`Failed to find some config files: ${missing.join(',')}`);
  const mainFiles = given.length > 0 ? given : firstExisting(searchDirs, names, '.conf');
  const givenDirs = (location.configDirs ?? []).map((dir) => expandHome(dir, home));
  const dirs = givenDirs.length > 0 ? givenDirs : firstExisting(searchDirs, names, '.conf.d');
  const files = [...mainFiles, ...dirs.flatMap(listConfigDir)];
  const configDirs = [...givenDirs, ...mainFiles.map((file) => path.dirname(file)).reverse(), ...searchDirs];
  return { files, configDirs: [...new Set(configDirs)] };
}
