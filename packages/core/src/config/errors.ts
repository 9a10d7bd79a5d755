/** A configuration problem that must stop startup; the message is one line naming section, option and value. */
export class ConfigError extends Error {
  readonly code = 'ZAQAR_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
