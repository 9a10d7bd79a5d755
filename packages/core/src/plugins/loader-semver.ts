/**
 * `satisfies(version, range)` for plugin `apiVersion` ranges, with npm's range
 * grammar (`^`, `~`, comparators, x-ranges, hyphen ranges, `||`) on release
 * versions. Written here instead of depending on `semver` to keep core free of
 * a lockfile change for ~80 lines; prerelease tags are not supported (the
 * plugin API version never has one).
 */

type Version = [number, number, number];
type Comparator = { op: '>=' | '<' | '<=' | '>' | '='; version: Version };

const PARTIAL = /^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

/** Parts of a possibly partial version; `undefined` for a missing or wildcard part. */
function parsePartial(text: string): (number | undefined)[] {
  const match = PARTIAL.exec(text);
  if (!match) throw new TypeError(`Invalid version range part: ${JSON.stringify(text)}`);
  const parts = match.slice(1, 4).map((p) => (p === undefined || /^[xX*]$/.test(p) ? undefined : Number(p)));
  const firstWild = parts.indexOf(undefined);
  return firstWild < 0 ? parts : [...parts.slice(0, firstWild), undefined, undefined, undefined].slice(0, 3);
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The first version after every version the partial `parts` (of which `known` are given) matches. */
function bumpAt(parts: (number | undefined)[], known: number): Version {
  if (known === 1) return [parts[0]! + 1, 0, 0];
  return [parts[0]!, parts[1]! + 1, 0];
}

function floor(parts: (number | undefined)[]): Version {
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

/** Desugars one comparator token (`^1.2`, `>=1`, `1.x`...) into plain comparators. */
function desugar(token: string): Comparator[] {
  const match = /^(\^|~|>=|<=|>|<|=)?\s*(.*)$/.exec(token)!;
  const op = match[1] ?? '';
  const parts = parsePartial(match[2]);
  const known = parts.filter((p) => p !== undefined).length;
  if (known === 0) return op === '<' || op === '>' ? [{ op: '<', version: [0, 0, 0] }] : [];
  const low = floor(parts);
  if (op === '^') {
    const first = parts.findIndex((p, i) => p !== 0 || i === known - 1 || i === 2);
    const idx = Math.min(first, known - 1);
    const high: Version = idx === 0 ? [low[0] + 1, 0, 0] : idx === 1 ? [low[0], low[1] + 1, 0] : [low[0], low[1], low[2] + 1];
    return [
      { op: '>=', version: low },
      { op: '<', version: high },
    ];
  }
  if (op === '~')
    return [
      { op: '>=', version: low },
      { op: '<', version: bumpAt(parts, known === 1 ? 1 : 2) },
    ];
  if (known === 3) return [{ op: (op || '=') as Comparator['op'], version: low }];
  const next = bumpAt(parts, known);
  if (op === '' || op === '=')
    return [
      { op: '>=', version: low },
      { op: '<', version: next },
    ];
  if (op === '>') return [{ op: '>=', version: next }];
  if (op === '<=') return [{ op: '<', version: next }];
  return [{ op: op as Comparator['op'], version: low }];
}

function parseSet(text: string): Comparator[] {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) return [...desugar(`>=${hyphen[1]}`), ...desugar(`<=${hyphen[2]}`)];
  const tokens = text
    .replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  return tokens.length === 0 ? [] : tokens.flatMap(desugar);
}

function test(version: Version, c: Comparator): boolean {
  const order = compare(version, c.version);
  switch (c.op) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '=':
      return order === 0;
  }
}

/** Whether release `version` (`x.y.z`) is in `range`; throws TypeError for an invalid range or version. */
export function satisfies(version: string, range: string): boolean {
  const exact = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!exact) throw new TypeError(`Invalid version: ${JSON.stringify(version)}`);
  const parsed: Version = [Number(exact[1]), Number(exact[2]), Number(exact[3])];
  const sets = range.split('||').map((set) => parseSet(set.trim()));
  return sets.some((set) => set.every((c) => test(parsed, c)));
}
