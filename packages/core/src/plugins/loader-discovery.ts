/**
 * Finds installed plugin packages: any package whose package.json carries a
 * `zaqar` field `{ apiVersion, entryPoints: { <namespace>: { <name>: <file> } } }`.
 * Searched, in precedence order: the extra folders (`[DEFAULT] plugin_dirs`,
 * `ZAQAR_PLUGIN_PATH`), then every `node_modules` folder Node would search from
 * the application's location (`createRequire(appRoot)`, as pino resolves its
 * transports) — never from core's own folder, which may be a nested copy.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { PluginDirNotFoundError } from './loader-errors';

/** One installed plugin package as its package.json declares it. */
export interface PluginPackage {
  name: string;
  version: string;
  /** Real path of the package folder. */
  dir: string;
  /** The `zaqar.apiVersion` range, if declared. */
  apiVersion?: string;
  /** namespace → name → entry file relative to `dir`. */
  entryPoints: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Pool URI schemes its message stores serve: scheme → `zaqar.data.storage` name (pooling). */
  uriSchemes?: Readonly<Record<string, UriSchemeEntry>>;
  /** Where it was found: a plugin folder or a node_modules folder. */
  origin: string;
}

/**
 * The message store a pool URI scheme selects. In package.json a plain string
 * names the store; `{ "store": "mongodb.fifo", "uriScheme": "mongodb" }` also
 * rewrites the scheme of the URI the store is given.
 */
export interface UriSchemeEntry {
  store: string;
  uriScheme?: string;
}

function readUriSchemes(value: unknown): Record<string, UriSchemeEntry> {
  const schemes: Record<string, UriSchemeEntry> = {};
  if (!value || typeof value !== 'object') return schemes;
  for (const [scheme, target] of Object.entries(value)) {
    if (typeof target === 'string') schemes[scheme.toLowerCase()] = { store: target };
    else if (target && typeof target === 'object' && typeof (target as UriSchemeEntry).store === 'string') {
      const { store, uriScheme } = target as UriSchemeEntry;
      schemes[scheme.toLowerCase()] = typeof uriScheme === 'string' ? { store, uriScheme } : { store };
    }
  }
  return schemes;
}

/** One name a package provides in one namespace. */
export interface PluginEntry {
  namespace: string;
  name: string;
  package: PluginPackage;
  /** Absolute path of the entry file. */
  entryPath: string;
}

/** An extra folder to search, and the setting it came from (for messages). */
export interface PluginDir {
  dir: string;
  origin: string;
}

/** Where to look. */
export interface DiscoveryOptions {
  /** A file or folder of the application; its node_modules lookup path is searched. */
  appRoot: string;
  /** Searched first, in order. */
  pluginDirs?: readonly PluginDir[];
}

/** The plugin packages found, indexed by namespace and name; the first provider of a name wins. */
export class PluginCatalog {
  private readonly index = new Map<string, Map<string, PluginEntry>>();
  /** Names provided more than once (only the first is used). */
  readonly warnings: string[] = [];

  constructor(readonly packages: readonly PluginPackage[]) {
    for (const pkg of packages) {
      for (const [namespace, names] of Object.entries(pkg.entryPoints)) {
        const byName = this.index.get(namespace) ?? new Map<string, PluginEntry>();
        this.index.set(namespace, byName);
        for (const [name, file] of Object.entries(names)) this.add(byName, { namespace, name, package: pkg, entryPath: path.resolve(pkg.dir, file) });
      }
    }
  }

  private add(byName: Map<string, PluginEntry>, entry: PluginEntry): void {
    const existing = byName.get(entry.name);
    if (!existing) byName.set(entry.name, entry);
    else
      this.warnings.push(
        `${entry.namespace} "${entry.name}" of ${entry.package.name} (${entry.package.dir}) is shadowed by ${existing.package.name} (${existing.package.dir})`,
      );
  }

  /** The provider of `name` in `namespace`, if any. */
  find(namespace: string, name: string): PluginEntry | undefined {
    return this.index.get(namespace)?.get(name);
  }

  /** The package and store serving pool URIs of `scheme` (the first package declaring it). */
  uriScheme(scheme: string): { package: PluginPackage; target: UriSchemeEntry } | undefined {
    for (const pkg of this.packages) {
      const target = pkg.uriSchemes?.[scheme.toLowerCase()];
      if (target) return { package: pkg, target };
    }
    return undefined;
  }

  /** Every pool URI scheme some package serves, sorted. */
  uriSchemes(): string[] {
    return [...new Set(this.packages.flatMap((pkg) => Object.keys(pkg.uriSchemes ?? {})))].sort();
  }

  /** Every name provided in `namespace`, sorted. */
  names(namespace: string): string[] {
    return [...(this.index.get(namespace)?.keys() ?? [])].sort();
  }

  /** Every entry of `namespace`, in name order. */
  entries(namespace: string): PluginEntry[] {
    return this.names(namespace).map((name) => this.find(namespace, name)!);
  }
}

/** Reads `dir/package.json` and returns the package if it declares a `zaqar` field. */
export function readPluginPackage(dir: string, origin: string): PluginPackage | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes('"zaqar"')) return undefined; // cheap skip: most of node_modules is not ours
  let manifest: { name?: unknown; version?: unknown; zaqar?: { apiVersion?: unknown; entryPoints?: unknown; uriSchemes?: unknown } };
  try {
    manifest = JSON.parse(text);
  } catch {
    return undefined;
  }
  const zaqar = manifest.zaqar;
  if (!zaqar || typeof zaqar !== 'object') return undefined;
  const entryPoints = isEntryPointMap(zaqar.entryPoints) ? zaqar.entryPoints : {};
  return {
    name: typeof manifest.name === 'string' ? manifest.name : path.basename(dir),
    version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
    dir: fs.realpathSync(dir),
    apiVersion: typeof zaqar.apiVersion === 'string' ? zaqar.apiVersion : undefined,
    entryPoints,
    uriSchemes: readUriSchemes(zaqar.uriSchemes),
    origin,
  };
}

function isEntryPointMap(value: unknown): value is Record<string, Record<string, string>> {
  if (!value || typeof value !== 'object') return false;
  return Object.values(value).every((names) => names && typeof names === 'object' && Object.values(names).every((file) => typeof file === 'string'));
}

/** Package folders directly inside `dir`, including `@scope/name` ones. */
function packageFolders(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const folders: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (name.startsWith('@')) folders.push(...packageFolders(full));
    else folders.push(full);
  }
  return folders;
}

/** The node_modules folders Node searches from the application's location, nearest first. */
export function nodeModulesLookupPaths(appRoot: string): string[] {
  const base = fs.existsSync(appRoot) && fs.statSync(appRoot).isDirectory() ? path.join(appRoot, 'noop.js') : appRoot;
  return createRequire(base).resolve.paths('zaqar-plugin-probe') ?? [];
}

/** Packages of one extra folder: the folder itself if it is a plugin package, else the packages inside it. */
function scanPluginDir({ dir, origin }: PluginDir): PluginPackage[] {
  if (!fs.existsSync(dir)) throw new PluginDirNotFoundError(dir, origin);
  const itself = readPluginPackage(dir, origin);
  if (itself) return [itself];
  return packageFolders(dir).flatMap((folder) => readPluginPackage(folder, origin) ?? []);
}

/** Scans every location; a package reachable twice (symlinks, nested node_modules) is listed once. */
export function discoverPlugins(options: DiscoveryOptions): PluginCatalog {
  const found: PluginPackage[] = [];
  const seen = new Set<string>();
  const keep = (pkg: PluginPackage) => {
    if (seen.has(pkg.dir)) return;
    seen.add(pkg.dir);
    found.push(pkg);
  };
  for (const dir of options.pluginDirs ?? []) scanPluginDir({ dir: path.resolve(dir.dir), origin: dir.origin }).forEach(keep);
  for (const modules of nodeModulesLookupPaths(options.appRoot)) {
    for (const folder of packageFolders(modules)) {
      const pkg = readPluginPackage(folder, modules);
      if (pkg) keep(pkg);
    }
  }
  return new PluginCatalog(found);
}
