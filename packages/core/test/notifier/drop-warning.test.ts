import { DropWarning } from '../../src/notifier/drop-warning';
import type { Logger } from '../../src/util/logger';

describe('DropWarning', () => {
  it('logs the first drop at once, then one summary per second with the count of the rest', () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const logger = { warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) } as unknown as Logger;
    let now = 0;
    const timers: { at: number; callback: () => void }[] = [];
    const warning = new DropWarning(
      logger,
      () => now,
      (callback, ms) => timers.push({ at: now + ms, callback }),
    );
    warning.warn({ message_id: 'm1' }, 'Notification dropped');
    expect(lines).toHaveLength(1);
    expect(lines[0].fields).toMatchObject({ event: 'notification_dropped', message_id: 'm1', dropped_since_last_warning: 1 });
    now = 10;
    for (const id of ['m2', 'm3', 'm4']) warning.warn({ message_id: id }, 'Notification dropped');
    expect(lines).toHaveLength(1);
    expect(timers).toHaveLength(1);
    now = timers[0].at;
    timers[0].callback();
    expect(lines).toHaveLength(2);
    expect(lines[1].fields).toMatchObject({ event: 'notification_dropped', message_id: 'm4', dropped_since_last_warning: 3 });
    now += 1000;
    warning.warn({ message_id: 'm5' }, 'Notification dropped');
    expect(lines).toHaveLength(3);
    expect(lines[2].fields).toMatchObject({ message_id: 'm5', dropped_since_last_warning: 1 });
  });
});
