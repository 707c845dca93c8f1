/**
 * The order of node keys: plain UTF-16 code-unit order, the same in Node
 * and the browser (no locale). Rankings break their ties with it, and the
 * store and the community numbering sort by it, so equal inputs give equal
 * outputs everywhere.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
