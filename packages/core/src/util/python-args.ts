/**
 * Reads the `args` of a Python logging handler section, a tuple literal such
 * as `('/var/log/zaqar/zaqar.log', 'a', 10485760, 5)`, `(sys.stdout,)` or
 * `('/dev/log', handlers.SysLogHandler.LOG_LOCAL0)`. fileConfig evaluates it as
 * Python; only literals are understood here: strings, numbers, dotted names
 * (returned as `{ name }`), nested tuples, `True`/`False`/`None`. A call or an
 * operator is an error, so nothing is guessed.
 */
export type PythonValue = string | number | boolean | null | { name: string } | PythonValue[];

const TOKEN = /\s*(?:(\()|(\))|(,)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*))/y;

/** Parses `text` (a tuple, or a single value) into its elements; throws an Error saying what it could not read. */
export function parsePythonArgs(text: string): PythonValue[] {
  const tokens: { kind: string; value?: string }[] = [];
  TOKEN.lastIndex = 0;
  const source = text.trim();
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`unexpected text at "${source.slice(at, at + 20)}"`);
    if (m[1]) tokens.push({ kind: '(' });
    else if (m[2]) tokens.push({ kind: ')' });
    else if (m[3]) tokens.push({ kind: ',' });
    else if (m[4] !== undefined || m[5] !== undefined) tokens.push({ kind: 'str', value: unescape(m[4] ?? m[5]) });
    else if (m[6]) tokens.push({ kind: 'num', value: m[6] });
    else tokens.push({ kind: 'name', value: m[7] });
  }
  let i = 0;
  const value = (): PythonValue => {
    const token = tokens[i++];
    if (!token) throw new Error('ends too early');
    if (token.kind === 'str') return token.value!;
    if (token.kind === 'num') return Number(token.value);
    if (token.kind === 'name') {
      if (tokens[i]?.kind === '(') throw new Error(`calls ${token.value}(): only literals are read`);
      return token.value === 'True' ? true : token.value === 'False' ? false : token.value === 'None' ? null : { name: token.value! };
    }
    if (token.kind !== '(') throw new Error(`unexpected "${token.kind}"`);
    const items: PythonValue[] = [];
    while (tokens[i]?.kind !== ')') {
      items.push(value());
      if (tokens[i]?.kind === ',') i++;
      else if (tokens[i]?.kind !== ')') throw new Error('expected "," or ")"');
    }
    i++;
    return items;
  };
  const result = value();
  if (i !== tokens.length) throw new Error('text after the value');
  return Array.isArray(result) ? result : [result];
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' })[c] ?? `\\${c}`);
}
