import { coerceOption } from './coerce';
import { ConfigError } from './errors';
import type { OptionRegistry } from './registry';
import type { Conf } from './types';

/** Raw sections: section name → option key → text value, after merging every file. */
export type RawSections = Record<string, Record<string, string>>;

/**
 * Typed configuration built from raw INI sections and the option registry.
 * Groups are coerced on first access and frozen; `validate()` coerces them all
 * up front so a bad value stops startup instead of the first request.
 */
export class TypedConf implements Conf {
  private readonly cache = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(
    private readonly registry: OptionRegistry,
    private readonly sections: RawSections,
    readonly files: readonly string[] = [],
    readonly configDirs: readonly string[] = [],
  ) {}

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

  /** Coerces every declared group; returns warnings for options nobody declared. */
  validate(): string[] {
    for (const name of this.registry.groupNames()) this.group(name);
    const warnings: string[] = [];
    for (const [section, values] of Object.entries(this.sections)) {
      const declared = this.registry.options(section);
      if (!declared) continue;
      for (const key of Object.keys(values)) {
        if (!declared.has(key) && !this.isDeprecatedAlias(section, key)) warnings.push(`Unknown option [${section}] ${key} is ignored`);
      }
    }
    return warnings;
  }

  private isDeprecatedAlias(section: string, key: string): boolean {
    for (const group of this.registry.groupNames()) {
      for (const spec of this.registry.options(group)?.values() ?? []) {
        if (spec.deprecatedNames?.some((d) => d.name === key && (d.group ?? group) === section)) return true;
      }
    }
    return false;
  }

  private coerceGroup(name: string): Readonly<Record<string, unknown>> {
    const declared = this.registry.options(name);
    if (!declared) throw new ConfigError(`Configuration group [${name}] is not declared by any loaded package`);
    const raw = this.sections[name] ?? {};
    const values: Record<string, unknown> = {};
    for (const spec of declared.values()) {
      let text: string | undefined = raw[spec.name];
      let section = name;
      for (const alias of spec.deprecatedNames ?? []) {
        if (text !== undefined) break;
        section = alias.group ?? name;
        text = this.sections[section]?.[alias.name];
      }
      values[spec.name] = text === undefined ? spec.default : coerceOption(text === raw[spec.name] ? name : section, spec, text);
    }
    return Object.freeze(values);
  }
}
