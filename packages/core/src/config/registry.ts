import type { OptionGroup, OptionSpec } from './types';

/** Collects the option groups every package declares; a group may be extended by several owners. */
export class OptionRegistry {
  private readonly groups = new Map<string, { owners: Set<string>; options: Map<string, OptionSpec> }>();

  register(...groups: readonly OptionGroup[]): this {
    for (const group of groups) {
      let entry = this.groups.get(group.group);
      if (!entry) {
        entry = { owners: new Set(), options: new Map() };
        this.groups.set(group.group, entry);
      }
      entry.owners.add(group.owner);
      for (const option of group.options) entry.options.set(option.name, option);
    }
    return this;
  }

  /** Declared options of a section, or undefined when nobody declared it. */
  options(group: string): ReadonlyMap<string, OptionSpec> | undefined {
    return this.groups.get(group)?.options;
  }

  /** Section names in declaration order. */
  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  owners(group: string): string[] {
    return [...(this.groups.get(group)?.owners ?? [])];
  }
}
