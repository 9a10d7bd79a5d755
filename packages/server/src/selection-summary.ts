/**
 * Says at startup what the configuration chose: one info line naming the
 * transports, stores (with their URIs, credentials masked), auth strategy,
 * pooling and pipelines; and a warning for each `[drivers:<kind>:<name>]`
 * section that is set while `<name>` is not the selected driver. A
 * reference zaqar.conf that sets only `[drivers:message_store:mongodb] uri`
 * (mongodb is the reference's default message store) would otherwise run on
 * the embedded SQLite store without a word.
 */
import type { Conf, DriversConf, Logger } from '@zaqarjs/core';
import type { PluginSelection } from './plugin-selection';

/** The reference's default drivers, where ours differ. */
const REFERENCE_DEFAULTS: Record<string, string> = { message_store: 'mongodb', management_store: 'mongodb' };

/** Driver names a reference or zaqarjs configuration may carry a section for. */
const KNOWN: Record<string, readonly string[]> = {
  message_store: ['mongodb', 'mongodb.fifo', 'redis', 'sqlalchemy', 'swift'],
  management_store: ['mongodb', 'redis', 'sqlalchemy'],
  transport: ['wsgi', 'websocket'],
};

/** A URI without its password (`user:***@`) or password-like query parameters. */
export function maskUri(uri: string): string {
  return uri.replace(/(\/\/[^/:@]*:)[^/@]*@/, '$1***@').replace(/([?&](?:password|passwd|pass|secret|token)=)[^&]*/gi, '$1***');
}

function storeUri(conf: Conf, kind: string, name: string): string | undefined {
  try {
    const uri = conf.group<{ uri?: unknown }>(`drivers:${kind}:${name}`).uri;
    return typeof uri === 'string' && uri !== '' ? maskUri(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Warnings for configured driver sections the selection ignores. */
export function unselectedSectionWarnings(conf: Conf, selection: PluginSelection): string[] {
  const explicit = conf.raw('drivers');
  const selected: Record<string, readonly string[]> = {
    message_store: [selection.messageStore.name],
    management_store: [selection.managementStore.name],
    transport: selection.transports.map((t) => t.name),
  };
  const warnings: string[] = [];
  for (const [kind, names] of Object.entries(KNOWN)) {
    const chosen = selected[kind];
    for (const name of names) {
      if (chosen.includes(name) || Object.keys(conf.raw(`drivers:${kind}:${name}`)).length === 0) continue;
      const setting = kind === 'transport' ? `[drivers] transport is ${chosen.join(', ')}` : `[drivers] ${kind} is ${chosen[0]}`;
      let why = '';
      if (explicit[kind] === undefined) {
        const reference = REFERENCE_DEFAULTS[kind];
        why = reference && reference !== chosen[0] ? ` (the default here; the reference's default is ${reference})` : ' (the default)';
      }
      const where = kind === 'transport' ? '' : storeUri(conf, kind, chosen[0]);
      warnings.push(
        `[drivers:${kind}:${name}] is set but ${setting}${why}: that section is not used` +
          (where ? `; ${kind.replace('_', ' ')} data goes to ${where}` : '') +
          `. Set [drivers] ${kind} = ${name} to use it.`,
      );
    }
  }
  return warnings;
}

/** The one startup line saying what is in effect. */
export function logSelection(conf: Conf, selection: PluginSelection, logger: Logger): void {
  for (const warning of unselectedSectionWarnings(conf, selection)) logger.warn({ event: 'unselected_driver_section' }, warning);
  const drivers = conf.group<DriversConf>('drivers');
  const pooling = conf.group<{ pooling: boolean }>('DEFAULT').pooling;
  const store = (kind: 'message_store' | 'management_store') => ({ name: drivers[kind], uri: storeUri(conf, kind, drivers[kind]) });
  const messageStore = store('message_store');
  const managementStore = store('management_store');
  const pipelines = Object.fromEntries(Object.entries(selection.pipelines).filter(([, stages]) => stages.length > 0));
  const transports = selection.transports.map((t) => t.name);
  const describe = (s: { name: string; uri?: string }) => (s.uri ? `${s.name} at ${s.uri}` : s.name);
  const stages = Object.entries(pipelines).map(([resource, names]) => `${resource}: ${names.join(', ')}`);
  logger.info(
    { event: 'configuration', transports, messageStore, managementStore, authStrategy: selection.authenticator.name, pooling, pipelines },
    `Transports ${transports.join(', ')}; message store ${describe(messageStore)}${pooling ? ' (pooling on)' : ''}; management store ` +
      `${describe(managementStore)}; auth strategy ${selection.authenticator.name}; pipelines ${stages.length > 0 ? stages.join('; ') : 'none'}`,
  );
}
