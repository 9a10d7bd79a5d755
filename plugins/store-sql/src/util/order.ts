/** Orders strings by UTF-16 code units (`<`), not by locale: the one order every process of a deployment agrees on. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
