/**
 * `[DEFAULT] use_syslog`: log lines go to the local syslog socket through the
 * system's `logger` command (util-linux), one child process per server, as
 * oslo.log's SysLogHandler sends them to /dev/log. Node has no Unix datagram
 * sockets and the well-kept syslog packages are native or unmaintained, while
 * `logger` speaks to /dev/log (datagram or stream) natively. Each line keeps its
 * JSON form; its syslog priority comes from its pino level and
 * `syslog_log_facility`. `ZAQAR_SYSLOG_SOCKET` names another socket (tests).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { ConfigError } from '../config/errors';

/** oslo.log's facility names (`LOG_USER`, `LOG_LOCAL0`...; the `LOG_` prefix optional). */
const FACILITIES: Record<string, number> = {
  KERN: 0,
  USER: 1,
  MAIL: 2,
  DAEMON: 3,
  AUTH: 4,
  SYSLOG: 5,
  LPR: 6,
  NEWS: 7,
  UUCP: 8,
  CRON: 9,
  AUTHPRIV: 10,
  FTP: 11,
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`LOCAL${i}`, 16 + i])),
};

/** The facility code of an oslo facility name; throws a ConfigError naming the option. */
export function syslogFacility(name: string): number {
  const code = FACILITIES[name.trim().toUpperCase().replace(/^LOG_/, '')];
  if (code === undefined)
    throw new ConfigError(`Invalid value "${name}" for [DEFAULT] syslog_log_facility: expected LOG_USER, LOG_DAEMON, LOG_LOCAL0 … LOG_LOCAL7…`);
  return code;
}

/** Syslog severity of a pino level (trace/debug 7, info 6, warn 4, error 3, fatal 2). */
function severity(level: number): number {
  if (level >= 60) return 2;
  if (level >= 50) return 3;
  if (level >= 40) return 4;
  if (level >= 30) return 6;
  return 7;
}

const LEVEL = /^\{"level":(\d+)/;

/** A pino destination writing every line to syslog (and to `also`, when given). */
export class SyslogDestination {
  private readonly child: ChildProcess;
  private failed = false;

  constructor(
    private readonly facility: number,
    tag: string,
    private readonly also?: { write(line: string): unknown },
    socket = process.env.ZAQAR_SYSLOG_SOCKET,
  ) {
    const args = ['--prio-prefix', '-t', tag, ...(socket ? ['--socket', socket] : [])];
    this.child = spawn('logger', args, { stdio: ['pipe', 'ignore', 'inherit'] });
    this.child.on('error', (error) => this.fail(error.message));
    this.child.on('exit', (code) => this.fail(`logger exited ${code}`));
    this.child.stdin?.on('error', (error) => this.fail(error.message));
    // Neither the child nor its pipe keeps the server alive.
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  write(line: string): boolean {
    this.also?.write(line);
    if (this.failed) return true;
    const level = Number(LEVEL.exec(line)?.[1] ?? 30);
    this.child.stdin?.write(`<${this.facility * 8 + severity(level)}>${line}`);
    return true;
  }

  /** Calls back once what was written reached the `logger` process (and the `also` destination, which batches its writes). */
  flush(callback?: (error?: Error) => void): void {
    const also = this.also as { flush?: (cb: (error?: Error) => void) => void } | undefined;
    if (typeof also?.flush === 'function') return also.flush.call(also, () => this.flushSyslog(callback));
    this.flushSyslog(callback);
  }

  private flushSyslog(callback?: (error?: Error) => void): void {
    const stdin = this.child.stdin;
    if (!stdin || this.failed || !stdin.writableNeedDrain) return void callback?.();
    stdin.once('drain', () => callback?.());
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    process.stderr.write(`zaqar: syslog logging stopped (${reason})\n`);
  }
}

/** Refuses `use_syslog` when the `logger` command is missing, before anything logs. */
export function checkSyslogAvailable(): void {
  const probe = spawnSync('logger', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new ConfigError('[DEFAULT] use_syslog = true needs the logger command (util-linux, package bsdutils) on the PATH');
  }
}
