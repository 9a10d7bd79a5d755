import type { Conf, OptionGroup } from '@zaqarjs/core';

/** A section of its own: `[notification]` is read by core before plugins declare options. */
export const GROUP = 'notification:webhook';

/** Options of this plugin (not in the reference). */
export const OPTIONS: OptionGroup = {
  group: GROUP,
  owner: '@zaqarjs/notifier-webhook',
  options: [
    {
      name: 'timeout',
      type: 'float',
      default: 10,
      min: 0.1,
      help: 'Seconds a webhook POST (connect, send, answer headers) may take before it counts as failed and is retried.',
    },
  ],
};

const DEFAULT_TIMEOUT_MS = 10_000;

/** The request deadline in ms. */
export function timeoutMs(conf: Conf): number {
  const seconds = conf.group<{ timeout: number }>(GROUP).timeout;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : DEFAULT_TIMEOUT_MS;
}
