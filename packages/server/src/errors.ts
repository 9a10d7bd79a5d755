import { firstLine } from '@zaqarjs/core';

/** A selected store could not open (unreachable database, bad URI...): startup stops. */
export class StoreOpenError extends Error {
  readonly code = 'ZAQAR_STORE_OPEN_FAILED';
  constructor(
    readonly setting: string,
    readonly driver: string,
    override readonly cause: unknown,
  ) {
    super(`${setting} "${driver}" could not be opened: ${firstLine(cause)}`);
    this.name = 'StoreOpenError';
  }
}

/** A selected plugin's `create()` threw (bad URI, missing setting...): startup stops naming the plugin and its setting. */
export class PluginCreateError extends Error {
  readonly code = 'ZAQAR_PLUGIN_CREATE_FAILED';
  constructor(
    readonly setting: string,
    readonly driver: string,
    readonly packageName: string,
    override readonly cause: unknown,
  ) {
    super(`${setting} "${driver}" (${packageName}) failed to start: ${firstLine(cause)}`);
    this.name = 'PluginCreateError';
  }
}

/** A transport could not start listening (address in use, permission...): startup stops. */
export class TransportListenError extends Error {
  readonly code = 'ZAQAR_TRANSPORT_LISTEN_FAILED';
  constructor(
    readonly transport: string,
    override readonly cause: unknown,
  ) {
    super(`[drivers] transport "${transport}" could not start listening: ${firstLine(cause)}`);
    this.name = 'TransportListenError';
  }
}
