/** Contracts of the configuration system: options are declared in code by the package that owns them. */

export type OptionType = 'string' | 'bool' | 'int' | 'float' | 'port' | 'list' | 'dict' | 'host';

/** One declared option, like an oslo.config Opt. */
export interface OptionSpec {
  /** Key as written in zaqar.conf (underscores). */
  name: string;
  type: OptionType;
  /** Default when the option is absent (undefined = unset). */
  default?: unknown;
  help: string;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** The configured value is hidden in logs and error messages (the sample still shows the declared default). */
  secret?: boolean;
  /** Older names read when the option itself is absent. */
  deprecatedNames?: readonly { group?: string; name: string }[];
}

/** A group (INI section) of options declared together by one owner. */
export interface OptionGroup {
  /** Section name, e.g. `transport` or `drivers:message_store:redis`. */
  group: string;
  /** Who declares it (package name), shown in the sample. */
  owner: string;
  options: readonly OptionSpec[];
}

/** Typed, frozen configuration values, one record per section. */
export interface Conf {
  /** Values of a declared group with defaults applied; throws for an undeclared group. */
  group<T = Record<string, unknown>>(name: string): Readonly<T>;
  /** Raw text values of a section exactly as read (for sections no one declared, e.g. keystone_authtoken). */
  raw(section: string): Readonly<Record<string, string>>;
  /** The files that were read, in order. */
  readonly files: readonly string[];
  /** Directories the files came from (for resolving relative paths like policy_file). */
  readonly configDirs: readonly string[];
}
