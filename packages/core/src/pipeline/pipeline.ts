import type { StageMethods } from './stage';

/**
 * Wraps `controller` so each call walks the stages' hooks in order and ends at
 * the controller itself. Methods no stage hooks are called directly.
 */
export function wrapController<C extends object>(controller: C, stages: readonly StageMethods<C>[]): C {
  if (stages.length === 0) return controller;
  const wrapped: Record<string, unknown> = {};
  const proto = Object.getPrototypeOf(controller) as object;
  const names = new Set<string>([...Object.getOwnPropertyNames(proto), ...Object.keys(controller)]);
  for (const name of names) {
    const original = (controller as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof original !== 'function') continue;
    const hooks = stages
      .map((stage) => (stage as Record<string, unknown>)[name])
      .filter((hook): hook is (...a: unknown[]) => Promise<unknown> => typeof hook === 'function');
    const terminal = (original as (...a: unknown[]) => Promise<unknown>).bind(controller);
    wrapped[name] = hooks.reduceRight<(...a: unknown[]) => Promise<unknown>>(
      (next, hook) =>
        (...args: unknown[]) =>
          hook(next, ...args),
      terminal,
    );
  }
  return wrapped as C;
}
