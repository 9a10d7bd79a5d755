/**
 * Reads `zaqar.conf` with oslo.config's rules. The `ini` package decodes the
 * file, but on its own it would change what an operator's file means: it cuts
 * values at an inline `#`/`;`, turns `true` into a boolean, splits dotted
 * section names into nested objects and has no continuation lines. So the text
 * is first normalised line by line (oslo's `iniparser` rules), then decoded:
 * - `#` and `;` start a comment only at the beginning of a line;
 * - `key = value` or `key: value` (whichever separator comes first);
 * - one pair of matching surrounding quotes is stripped from the value;
 * - a line starting with whitespace continues the previous value (joined with `\n`);
 *   a blank line or a new key ends it;
 * - section names are lower-cased except `DEFAULT`.
 * Values reach `ini` JSON-quoted (which it decodes verbatim) and sections under
 * placeholder names; repeated keys keep the last value, with a warning.
 */
import { decode } from 'ini';
import { ConfigError } from './errors';

/** One parsed file: section → key → value, plus warnings worth logging. */
export interface ParsedIni {
  sections: Record<string, Record<string, string>>;
  warnings: string[];
}

/** oslo.config's group normalisation: `DEFAULT` stays, every other name is lower-cased. */
export function normalizeSectionName(name: string): string {
  return name === 'DEFAULT' ? name : name.toLowerCase();
}

/** Splits `key = value` / `key: value` at the first separator and strips matching quotes. */
function splitAssignment(line: string): { key: string; value: string } | undefined {
  const colon = line.indexOf(':');
  const equal = line.indexOf('=');
  if (colon < 0 && equal < 0) return undefined;
  const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
  let value = line.slice(at + 1).trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    value = value.slice(1, -1);
  }
  return { key: line.slice(0, at).trim(), value };
}

/** Parser state: the open section and the assignment still collecting continuation lines. */
class IniParser {
  readonly sections: Record<string, Record<string, string>> = Object.create(null);
  readonly warnings: string[] = [];
  /** The normalised document handed to `ini`. */
  private readonly output: string[] = [];
  private readonly sectionNames: string[] = [];
  private readonly seenKeys: Record<string, Set<string>> = Object.create(null);
  private section?: string;
  private pending?: { key: string; lines: string[]; lineNo: number };

  constructor(private readonly source: string) {}

  parse(text: string): ParsedIni {
    const lines = text.split(/\r\n|\n|\r/);
    lines.forEach((raw, index) => this.parseLine(raw.trimEnd(), index + 1));
    this.flush();
    this.decodeNormalised();
    return { sections: this.sections, warnings: this.warnings };
  }

  private parseLine(line: string, lineNo: number): void {
    if (line === '') return this.flush();
    if (line[0] === ' ' || line[0] === '\t') {
      if (!this.pending) throw this.error('Unexpected continuation line', lineNo, line);
      this.pending.lines.push(line.trimStart());
      return;
    }
    this.flush();
    if (line[0] === '[') return this.openSection(line, lineNo);
    if (line[0] === '#' || line[0] === ';') return;
    const assignment = splitAssignment(line);
    if (!assignment) throw this.error("No ':' or '=' found in assignment", lineNo, line);
    if (!assignment.key) throw this.error('Key cannot be empty', lineNo, line);
    if (this.section === undefined) throw this.error('Section must be started before assignment', lineNo, line);
    this.pending = { key: assignment.key, lines: [assignment.value], lineNo };
  }

  private openSection(line: string, lineNo: number): void {
    if (!line.endsWith(']')) throw this.error('Invalid section (must end with ])', lineNo, line);
    if (line.length <= 2) throw this.error('Empty section name', lineNo, line);
    this.section = normalizeSectionName(line.slice(1, -1));
    let index = this.sectionNames.indexOf(this.section);
    if (index < 0) index = this.sectionNames.push(this.section) - 1;
    // Placeholder names: `ini` would nest a dotted section name.
    this.output.push(`[s${index}]`);
  }

  private flush(): void {
    if (!this.pending || this.section === undefined) return;
    const { key, lines, lineNo } = this.pending;
    const seen = (this.seenKeys[this.section] ??= new Set());
    if (seen.has(key)) {
      this.warnings.push(`${this.source}:${lineNo}: [${this.section}] ${key} is set more than once; the last value wins`);
    }
    seen.add(key);
    this.output.push(`${JSON.stringify(key)}=${JSON.stringify(lines.join('\n'))}`);
    this.pending = undefined;
  }

  /** Decodes the normalised document with `ini` and maps placeholder sections back to their names. */
  private decodeNormalised(): void {
    const decoded = decode(this.output.join('\n'), { bracketedArray: false }) as Record<string, Record<string, unknown>>;
    this.sectionNames.forEach((name, index) => {
      const values = (this.sections[name] ??= Object.create(null) as Record<string, string>);
      for (const [key, value] of Object.entries(decoded[`s${index}`] ?? {})) {
        // Repeated keys arrive as arrays (already warned about); `ini` turns "true"/"false"/"null" into literals.
        const last = Array.isArray(value) ? value[value.length - 1] : value;
        values[key] = String(last);
      }
    });
  }

  private error(message: string, lineNo: number, line: string): ConfigError {
    return new ConfigError(`Cannot parse ${this.source}:${lineNo}: ${message}: ${JSON.stringify(line)}`);
  }
}

/**
 * Parses the text of one configuration file. `source` names it in messages.
 * Throws ConfigError (naming file and line) on a line oslo.config would reject.
 */
export function parseIniText(text: string, source: string): ParsedIni {
  return new IniParser(source).parse(text.replace(/^\uFEFF/, ''));
}
