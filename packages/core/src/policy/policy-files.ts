// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- js-yaml ships no types; the local declaration must travel with this module
/// <reference path="./js-yaml.d.ts" />
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { ConfigError } from '../config/errors';

/**
 * Locating and reading policy files the way oslo.policy does: `policy_file`
 * and each `policy_dirs` entry are resolved against the config directories
 * (absolute names as given); a missing policy file or directory is skipped;
 * directory files apply in name order, dot files ignored.
 */

/** Rule name → rule as written (string, legacy list, or null). */
export type RawRules = Record<string, unknown>;

/** The first existing `name` (absolute, or relative to one of `dirs` in order), or undefined. */
export function findPolicyPath(name: string, dirs: readonly string[]): string | undefined {
  if (name === '') return undefined;
  if (path.isAbsolute(name)) return fs.existsSync(name) ? name : undefined;
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Parses one policy document (JSON or YAML; empty means no rules); throws ConfigError naming the file. */
export function parsePolicyDocument(text: string, file: string): RawRules {
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch (error) {
    throw new ConfigError(`Policy file ${file} could not be parsed: ${(error as Error).message}`);
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`Policy file ${file} must map rule names to rules`);
  for (const [name, rule] of Object.entries(parsed)) {
    const valid = rule === null || typeof rule === 'string' || Array.isArray(rule);
    if (!valid) throw new ConfigError(`Policy file ${file}: rule "${name}" must be a string (or a legacy list)`);
  }
  return parsed as RawRules;
}

function readPolicyFile(file: string): RawRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read policy file ${file}: ${(error as Error).message}`);
  }
  return parsePolicyDocument(text, file);
}

/** Files of a policy directory in load order (code point order, no dot files, no sub-directories). */
function policyDirFiles(dir: string): string[] {
  if (!fs.statSync(dir).isDirectory()) throw new ConfigError(`Policy directory ${dir} is not a directory`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((name) => path.join(dir, name));
}

/** What was loaded, for logs: the rules (later sources already applied over earlier ones) and the files read. */
export interface LoadedPolicyFiles {
  rules: RawRules;
  files: string[];
}

/** Reads `policyFile` then every file of every `policyDirs` entry; later ones override earlier rules. */
export function loadPolicyFiles(policyFile: string, policyDirs: readonly string[], configDirs: readonly string[]): LoadedPolicyFiles {
  const files: string[] = [];
  const main = findPolicyPath(policyFile, configDirs);
  if (main) files.push(main);
  for (const dir of policyDirs) {
    const found = findPolicyPath(dir, configDirs);
    if (found) files.push(...policyDirFiles(found));
  }
  const rules: RawRules = {};
  for (const file of files) Object.assign(rules, readPolicyFile(file));
  return { rules, files };
}
