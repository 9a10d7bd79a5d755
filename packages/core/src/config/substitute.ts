/**
 * oslo.config's value templating: `$option` and `${group.option}` are replaced
 * by another option's value, `$$` (or `\$`) is a literal `$`. Like Python's
 * `string.Template.safe_substitute`, a `$` not followed by a name (`pa$`, `$1`)
 * is left alone; a name that matches no declared option is an error, as in oslo.
 */
import { normalizeSectionName } from './ini-text';

// Python string.Template with oslo's idpattern `[_a-z][\._a-z0-9]*`, case-insensitive.
const TEMPLATE = /\$(?:(\$)|([_a-z][._a-z0-9]*)|\{([_a-z][._a-z0-9]*)\})/gi;

/**
 * Replaces every reference in `text` with `resolve(name)`, where `name` is the
 * text after `$` (`option` or `group.option`).
 */
export function substituteReferences(text: string, resolve: (reference: string) => string): string {
  if (!text.includes('$')) return text;
  return text
    .replace(/\\\$/g, () => '$$')
    .replace(TEMPLATE, (match: string, escaped?: string, named?: string, braced?: string) => {
      if (escaped) return '$';
      const reference = named ?? braced;
      return reference === undefined ? match : resolve(reference);
    });
}

/** Where a reference may point: `group.option` first tries that group, a bare name the current group; both fall back to DEFAULT. */
export function referenceCandidates(currentGroup: string, reference: string): { group: string; option: string }[] {
  const dot = reference.indexOf('.');
  const first =
    dot < 0 ? { group: currentGroup, option: reference } : { group: normalizeSectionName(reference.slice(0, dot)), option: reference.slice(dot + 1) };
  return [first, { group: 'DEFAULT', option: reference }];
}
