import { coerceOption } from './coerce';
import { ERROR_CODES, isZaqarError } from '../errors/error-codes';
import { ConfigError } from './errors';
import { formatOptionValue } from './format-value';
import type { OptionRegistry } from './registry';
import { referenceCandidates, substituteReferences } from './substitute';
import type { Conf, OptionSpec } from './types';

/** Raw sections: section name → option key → text value, after merging every file. */
export type RawSections = Record<string, Record<string, string>>;

/** Sources beyond the files. */
export interface TypedConfOptions {
  /** Environment for `OS_<GROUP>__<OPTION>` overrides; none are read when omitted. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The text chosen for one option and where it came from (for messages). */
interface OptionText {
  text: string;
  section: string;
  /** Name it was written under (the option or a deprecated alias). */
  key: string;
  envVar?: string;
}

/** `OS_<GROUP>__<OPTION>`, oslo.config's environment variable for an option. */
export function envVarName(group: string, option: string): string {
  return `OS_${group.toUpperCase()}__${option.toUpperCase()}`;
}

/**
 * Typed configuration built from raw INI sections and the option registry.
 * Precedence per option: environment variable, then the option's own key, then
 * its deprecated names, then the declared default. `$option` references are
 * substituted before coercion. Groups are coerced on first access and frozen;
 * `validate()` coerces them all up front so a bad value stops startup instead
 * of the first request. Groups a plugin registers later are picked up too.
 */
export class TypedConf implements Conf {
  private readonly cache = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly env: Readonly<Record<string, string | undefined>>;

  constructor(
    private readonly registry: OptionRegistry,
    private readonly sections: RawSections,
    readonly files: readonly string[] = [],
    readonly configDirs: readonly string[] = [],
    options: TypedConfOptions = {},
  ) {
    this.env = options.env ?? {};
  }

  group<T = Record<string, unknown>>(name: string): Readonly<T> {
    let values = this.cache.get(name);
    if (!values) {
      values = this.coerceGroup(name);
      this.cache.set(name, values);
    }
    return values as Readonly<T>;
  }

  raw(section: string): Readonly<Record<string, string>> {
    return Object.freeze({ ...(this.sections[section] ?? {}) });
  }

  /**
   * Coerces every declared group (throws ConfigError on the first bad value);
   * returns warnings for options nobody declared and for deprecated names in use.
   */
  validate(): string[] {
    for (const name of this.registry.groupNames()) this.group(name);
    const warnings: string[] = [];
    for (const [section, values] of Object.entries(this.sections)) {
      const declared = this.registry.options(section);
      for (const key of Object.keys(values)) {
        const replacement = this.replacementOf(section, key);
        if (replacement) warnings.push(`[${section}] ${key} is deprecated; use [${replacement.group}] ${replacement.name}`);
        else if (declared && !declared.has(key)) warnings.push(`Unknown option [${section}] ${key} is ignored`);
      }
    }
    return warnings;
  }

  /** The option a deprecated `[section] key` stands for, if any. */
  private replacementOf(section: string, key: string): { group: string; name: string } | undefined {
    for (const group of this.registry.groupNames()) {
      for (const spec of this.registry.options(group)?.values() ?? []) {
        if (spec.deprecatedNames?.some((d) => d.name === key && (d.group ?? group) === section)) return { group, name: spec.name };
      }
    }
    return undefined;
  }

  /** Env, own key, then deprecated names: the first one set wins. */
  private findText(group: string, spec: OptionSpec): OptionText | undefined {
    const envVar = envVarName(group, spec.name);
    const fromEnv = this.env[envVar];
    if (fromEnv !== undefined) return { text: fromEnv, section: group, key: spec.name, envVar };
    const own = this.sections[group]?.[spec.name];
    if (own !== undefined) return { text: own, section: group, key: spec.name };
    for (const alias of spec.deprecatedNames ?? []) {
      const section = alias.group ?? group;
      const text = this.sections[section]?.[alias.name];
      if (text !== undefined) return { text, section, key: alias.name };
    }
    return undefined;
  }

  /** The option's text after `$` substitution, or its default written as text. */
  private resolvedText(group: string, spec: OptionSpec, seen: Set<string>): string | undefined {
    const found = this.findText(group, spec);
    if (!found) return spec.default === undefined ? undefined : formatOptionValue(spec.type, spec.default);
    return this.substitute(group, spec, found, seen);
  }

  private substitute(group: string, spec: OptionSpec, found: OptionText, seen: Set<string>): string {
    const here = `${group}.${spec.name}`;
    if (seen.has(here)) throw new ConfigError(`[${group}] ${spec.name} refers to itself through $ substitution`);
    const chain = new Set(seen).add(here);
    return substituteReferences(found.text, (reference) => {
      for (const candidate of referenceCandidates(group, reference)) {
        const target = this.registry.options(candidate.group)?.get(candidate.option);
        if (target) return this.resolvedText(candidate.group, target, chain) ?? '';
      }
      throw new ConfigError(`[${found.section}] ${found.key} refers to unknown option $${reference} (write $$ for a literal $)`);
    });
  }

  private coerceOne(group: string, spec: OptionSpec): unknown {
    const found = this.findText(group, spec);
    if (!found) return spec.default;
    const text = this.substitute(group, spec, found, new Set());
    const named = found.key === spec.name ? spec : { ...spec, name: found.key };
    try {
      return coerceOption(found.section, named, text);
    } catch (error) {
      if (isZaqarError(error, ERROR_CODES.ConfigError) && found.envVar) throw new ConfigError(`${error.message} (from environment variable ${found.envVar})`);
      throw error;
    }
  }

  private coerceGroup(name: string): Readonly<Record<string, unknown>> {
    const declared = this.registry.options(name);
    if (!declared) throw new ConfigError(`Configuration group [${name}] is not declared by any loaded package`);
    const values: Record<string, unknown> = {};
    for (const spec of declared.values()) values[spec.name] = deepFreeze(this.coerceOne(name, spec));
    return Object.freeze(values);
  }
}

/** Freezes lists and dicts too, so no reader can change what another sees. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
