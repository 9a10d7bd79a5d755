/** The one js-yaml call core makes (js-yaml ships no type declarations of its own). */
declare module 'js-yaml' {
  /** Parses one YAML (or JSON) document; throws on syntax errors. */
  export function load(text: string): unknown;
}
