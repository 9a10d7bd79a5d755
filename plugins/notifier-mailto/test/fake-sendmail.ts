import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A sendmail stand-in: writes its standard input to a file in `dir` (renamed into place once complete) (and its arguments beside it); exits 1 when told to. */
export function fakeSendmail(): { command: string; dir: string; mails(): string[]; args(): string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaqar-sendmail-'));
  const script = path.join(dir, 'sendmail.sh');
  fs.writeFileSync(
    script,
    `#!/bin/sh\nOUT=$(dirname "$0")\n[ -e "$OUT/fail" ] && { echo "no mail for you" >&2; exit 1; }\necho "$@" > "$OUT/args"\ncat > "$OUT/part-$$" && mv "$OUT/part-$$" "$OUT/mail-$$.eml"\n`,
    { mode: 0o755 },
  );
  return {
    command: `${script} -t -oi`,
    dir,
    mails: () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8')),
    args: () => fs.readFileSync(path.join(dir, 'args'), 'utf8').trim().split(' '),
  };
}

const unfold = (raw: string) => raw.replace(/\r\n[ \t]/g, ' ');

/** A header of a raw message (folded lines joined). */
export const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(unfold(raw))?.[1];

/** The body of a raw message, quoted-printable soft breaks and `=3D` undone. */
export const bodyOf = (raw: string) => raw.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/=\r\n/g, '').replace(/=3D/g, '=');
