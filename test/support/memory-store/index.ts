export { MemoryDataDriver } from './memory-data-driver';
export { MemoryControlDriver } from './memory-control-driver';
export type { Clock } from './state';
