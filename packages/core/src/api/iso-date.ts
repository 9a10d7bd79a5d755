/**
 * ISO-8601 date-time parsing exactly as the reference does it for pre-signed
 * URL expiry (`iso8601.parse_date` + oslo `normalize_time`): the accepted
 * forms, the default of UTC for naive values, offsets applied, and Python's
 * error texts (clients see them in 400 descriptions).
 */

/** A naive UTC date-time: whole UNIX seconds plus microseconds. */
export interface UtcDateTime {
  seconds: number;
  micros: number;
}

/** A value that is not an acceptable date-time; `message` is the client-visible text. */
export class DateParseError extends Error {
  readonly code = 'ZAQAR_DATE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DateParseError';
  }
}

// The reference regex, translated: Python's `$` also matches before one trailing newline.
const ISO8601 = new RegExp(
  '^(?<year>[0-9]{4})' +
    '(?:(?:-(?<monthdash>[0-9]{1,2})|(?<month>[0-9]{2})(?!\\n?$))' +
    '(?:(?:-(?<daydash>[0-9]{1,2})|(?<day>[0-9]{2}))' +
    '(?:(?<separator>[ T])(?<hour>[0-9]{2})(?::?(?<minute>[0-9]{2}))?' +
    '(?::?(?<second>[0-9]{1,2})(?:[.,](?<fraction>[0-9]+))?)?' +
    '(?<timezone>Z|(?<tzsign>[-+])(?<tzhour>[0-9]{2}):?(?<tzminute>[0-9]{2})?)?' +
    ')?)?)?\\n?$',
);

const SECONDS_PER_DAY = 86400;
const MIN_SECONDS = daysFromCivil(1, 1, 1) * SECONDS_PER_DAY;
const MAX_SECONDS = daysFromCivil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Offset east of UTC in seconds; Python's timezone() rejects |offset| >= 24 h. */
function offsetSeconds(groups: Record<string, string | undefined>): number {
  if (groups.timezone === undefined || groups.timezone === 'Z') return 0;
  const sign = groups.tzsign === '-' ? -1 : 1;
  const offset = sign * (Number(groups.tzhour) * 3600 + Number(groups.tzminute ?? 0) * 60);
  if (Math.abs(offset) >= SECONDS_PER_DAY) {
    throw new DateParseError(`offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not ${timedeltaRepr(offset)}.`);
  }
  return offset;
}

/** Python's repr of a timedelta of whole seconds, e.g. `datetime.timedelta(days=1, seconds=60)`. */
function timedeltaRepr(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const seconds = totalSeconds - days * SECONDS_PER_DAY;
  const parts = [days ? `days=${days}` : '', seconds ? `seconds=${seconds}` : ''].filter(Boolean);
  return `datetime.timedelta(${parts.length ? parts.join(', ') : '0'})`;
}

/** Python datetime() argument checks, in its order and with its texts. */
function checkFields(year: number, month: number, day: number, hour: number, minute: number, second: number): void {
  if (year < 1) throw new DateParseError(`year ${year} is out of range`);
  if (month < 1 || month > 12) throw new DateParseError('month must be in 1..12');
  if (day < 1 || day > daysInMonth(year, month)) throw new DateParseError('day is out of range for month');
  if (hour > 23) throw new DateParseError('hour must be in 0..23');
  if (minute > 59) throw new DateParseError('minute must be in 0..59');
  if (second > 59) throw new DateParseError('second must be in 0..59');
}

/**
 * Parses an ISO-8601 string and normalises it to naive UTC. Throws
 * DateParseError with the reference's text (`Unable to parse date string '...'`,
 * `month must be in 1..12`, ...).
 */
export function parseIsoDateTime(text: string, renderForError: (text: string) => string): UtcDateTime {
  const match = ISO8601.exec(text);
  if (!match?.groups) throw new DateParseError(`Unable to parse date string ${renderForError(text)}`);
  const g = match.groups;
  const offset = offsetSeconds(g);
  const year = Number(g.year);
  const month = Number(g.month ?? g.monthdash ?? 1);
  const day = Number(g.day ?? g.daydash ?? 1);
  const [hour, minute, second] = [Number(g.hour ?? 0), Number(g.minute ?? 0), Number(g.second ?? 0)];
  checkFields(year, month, day, hour, minute, second);
  const micros = Number((g.fraction ?? '').slice(0, 6).padEnd(6, '0'));
  const seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new DateParseError('date value out of range');
  return { seconds, micros };
}

/** `YYYY-MM-DDTHH:MM:SS` (the reference's strftime format; no zone, no fraction). */
export function formatUtcDateTime(value: UtcDateTime): string {
  const days = Math.floor(value.seconds / SECONDS_PER_DAY);
  const rest = value.seconds - days * SECONDS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${time}`;
}

/** The current time as a UtcDateTime (millisecond precision). */
export function utcNow(nowMs: number = Date.now()): UtcDateTime {
  const seconds = Math.floor(nowMs / 1000);
  return { seconds, micros: Math.round((nowMs - seconds * 1000) * 1000) };
}

/** True when `a` is strictly after `b`. */
export function isAfter(a: UtcDateTime, b: UtcDateTime): boolean {
  return a.seconds > b.seconds || (a.seconds === b.seconds && a.micros > b.micros);
}

/** ISO-8601 UTC without fraction, as the reference prints a message's `created` in queue stats. */
export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
