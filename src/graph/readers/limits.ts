/**
 * Bounds every reader enforces, so that no input can overflow the stack or
 * produce a graph the writers cannot serialize (stated in the README).
 */

/**
 * Deepest nesting a reader accepts: GML lists (`graph [ node [ a [ ...`
 * counts 3), and attribute values of JSON graphs (an object or array value
 * counts 1, each level inside it one more). Deeper input is a `DataError`.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * V8's longest string (2^29 − 24 UTF-16 units): readers that need the whole
 * file as one string refuse bigger inputs (decompressed) with a `DataError`
 * instead of crashing in `TextDecoder`.
 */
export const MAX_STRING_LENGTH = 0x1fffffe8;

/**
 * Default bound on gzip expansion: decompressed bytes may exceed the
 * compressed size this many times only below `GZIP_RATIO_FLOOR_BYTES`.
 * Real graph files expand 3 to 20 times; a decompression bomb ~1000 times.
 */
export const DEFAULT_MAX_GZIP_RATIO = 100;

/** Output below this size is never refused by the ratio (64 MiB). */
export const GZIP_RATIO_FLOOR_BYTES = 64 << 20;

/** Largest decompressed size allowed for `compressed` bytes at `ratio` (0 or Infinity = no bound). */
export function maxDecompressedBytes(compressed: number, ratio: number): number {
  if (!(ratio > 0) || ratio === Infinity) return Infinity;
  return Math.max(GZIP_RATIO_FLOOR_BYTES, compressed * ratio);
}

/** `n` bytes in a short human form (`768 KiB`, `2.0 GiB`). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
