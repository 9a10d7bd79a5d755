/**
 * Every option that can appear in zaqar.conf: core's groups plus the `options`
 * of every discoverable plugin's entry modules, for the generated sample and
 * reference. A plugin that cannot be loaded fails the generation: a sample
 * silently missing a plugin's section would be worse.
 */
import {
  coreOptionGroups,
  discoverPlugins,
  loadPlugin,
  renderConfigReference,
  renderSampleConfig,
  type OptionGroup,
  type PluginDir,
  type PluginEntry,
} from '@zaqarjs/core';

/** Merges groups with the same section and owner (a package may export one group from several entry files). */
function mergeGroups(groups: readonly OptionGroup[]): OptionGroup[] {
  const merged = new Map<string, OptionGroup>();
  for (const group of groups) {
    const key = `${group.group}\0${group.owner}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...group, options: [...group.options] });
    else
      for (const option of group.options)
        if (!existing.options.some((o) => o.name === option.name)) (existing.options as OptionGroup['options'][number][]).push(option);
  }
  return [...merged.values()];
}

function entryOrder(a: PluginEntry, b: PluginEntry): number {
  const ka = `${a.package.name}\0${a.namespace}\0${a.name}`;
  const kb = `${b.package.name}\0${b.namespace}\0${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Core's option groups, then each discoverable plugin's (ordered by package name). */
export async function collectDeclaredOptions(appRoot: string, pluginDirs: readonly PluginDir[] = []): Promise<OptionGroup[]> {
  const catalog = discoverPlugins({ appRoot, pluginDirs });
  const entries = catalog.packages
    .flatMap((pkg) => Object.keys(pkg.entryPoints).flatMap((namespace) => catalog.entries(namespace)))
    .filter((entry, index, all) => all.indexOf(entry) === index)
    .sort(entryOrder);
  const groups: OptionGroup[] = [...coreOptionGroups];
  for (const entry of entries) {
    const loaded = await loadPlugin(catalog, { namespace: entry.namespace, name: entry.name, setting: `${entry.namespace}` });
    groups.push(...(loaded.module.options ?? []));
  }
  return mergeGroups(groups);
}

/** The sample file and the Markdown reference, from the same declarations. */
export async function generateConfigFiles(appRoot: string, pluginDirs: readonly PluginDir[] = []): Promise<{ sample: string; reference: string }> {
  const groups = await collectDeclaredOptions(appRoot, pluginDirs);
  return { sample: renderSampleConfig(groups), reference: renderConfigReference(groups) };
}
