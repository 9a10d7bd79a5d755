import * as fs from 'node:fs';
import { resolveConfigSources, type ConfigLocation } from './config-files';
import { TypedConf, type RawSections } from './conf';
import { ConfigError } from './errors';
import { parseIniText } from './ini-text';
import type { OptionRegistry } from './registry';

/** What `loadConfig` needs: where to look, the declared options and the environment. */
export interface LoadConfigOptions extends ConfigLocation {
  registry: OptionRegistry;
  /** Source of `OS_<GROUP>__<OPTION>` overrides (usually process.env); none when omitted. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The merged configuration and what is worth a warning (repeated keys...). */
export interface LoadedConfig {
  conf: TypedConf;
  /** Files read, lowest precedence first. */
  files: string[];
  /** Problems that do not stop startup. Coercion warnings come later, from `conf.validate()`. */
  warnings: string[];
}

/** Merges `next` over `into`, key by key: a later file overrides single options, not whole sections. */
function mergeSections(into: RawSections, next: RawSections): void {
  for (const [section, values] of Object.entries(next)) {
    into[section] ??= Object.create(null) as Record<string, string>;
    Object.assign(into[section], values);
  }
}

function readConfigFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
}

/**
 * Finds, reads, parses and merges the configuration files, and wraps them in a
 * TypedConf over `registry`. Values are coerced lazily: register every plugin's
 * options, then call `conf.validate()` before serving.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const sources = resolveConfigSources({ ...options, env: options.env });
  const sections: RawSections = Object.create(null);
  const warnings: string[] = [];
  for (const file of sources.files) {
    const parsed = parseIniText(readConfigFile(file), file);
    mergeSections(sections, parsed.sections);
    warnings.push(...parsed.warnings);
  }
  const conf = new TypedConf(options.registry, sections, sources.files, sources.configDirs, { env: options.env });
  return { conf, files: sources.files, warnings };
}
