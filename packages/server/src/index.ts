export { startServer, type StartOptions, type RunningServer, type ListeningAddress } from './server';
export { bootstrap, pluginDirs, type BootstrapOptions, type Bootstrapped } from './bootstrap';
export { compose, type Composition } from './composition-root';
export { selectPlugins, type PluginSelection } from './plugin-selection';
export { GarbageCollector, GC_INTERVAL_MS } from './garbage-collector';
export { StoreOpenError, TransportListenError } from './errors';
export { parseCommandLine, USAGE, type CliCommand } from './args';
export { collectDeclaredOptions, generateConfigFiles } from './option-catalog';
export { pipelineDataDriver, pipelineControlDriver, type StagesByResource } from './storage-pipeline';
