import type { Logger } from '@zaqarjs/core';

/**
 * SIGHUP would end the process (Node's default), and logrotate's `postrotate kill -HUP` or a
 * closed terminal sends it. Log files reopen by themselves when moved and the configuration is
 * read only at start, so the signal is logged and otherwise ignored.
 */
export function ignoreHangup(logger?: Logger): void {
  logger?.info(
    { event: 'signal', signal: 'SIGHUP' },
    'Received SIGHUP: ignored (log files reopen by themselves when moved; the configuration is read only at start)',
  );
}
