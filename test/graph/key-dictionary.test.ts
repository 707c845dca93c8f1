/**
 * KeyDictionary against a plain JS Map (the reference semantics: ids in
 * order of first sight), on generated streams large enough to grow every
 * table several times, and on ids no Map can hold: past 2^24 entries.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { KeyDictionary } from "../../src/graph/readers/key-dictionary.ts";

function referenceIds(keys: readonly string[]): { ids: number[]; distinct: string[] } {
  const map = new Map<string, number>();
  const ids = keys.map((k) => {
    let id = map.get(k);
    if (id === undefined) map.set(k, (id = map.size));
    return id;
  });
  return { ids, distinct: [...map.keys()] };
}

describe("KeyDictionary", () => {
  it("should give the ids a Map gives, for any stream of string ids (unicode and empty strings included)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 4 }), fc.nat(20000).map(String)), { minLength: 2000, maxLength: 12000 }), (drawn) => {
        // every id comes back once more, in reverse: a lost entry shows as a new id
        const keys = [...drawn, ...[...drawn].reverse()];
        const dict = new KeyDictionary();
        const ids = keys.map((k) => dict.idOf(k));
        const ref = referenceIds(keys);
        expect(ids).toEqual(ref.ids);
        expect(dict.size).toBe(ref.distinct.length);
        expect(dict.keys()).toEqual(ref.distinct);
        for (let i = 0; i < ref.distinct.length; i += 97) expect(dict.key(i)).toBe(ref.distinct[i]);
        for (const k of ref.distinct.slice(0, 50)) expect(dict.find(k)).toBe(ref.ids[keys.indexOf(k)]);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it("should intern byte ranges of a buffer as the same ids as their strings", () => {
    const text = "a bb a ccc bb é 𝄞 a";
    const bytes = new TextEncoder().encode(text);
    const dict = new KeyDictionary();
    const ids: number[] = [];
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 32) {
        ids.push(dict.idOfBytes(bytes, start, i));
        start = i + 1;
      }
    }
    expect(ids).toEqual([0, 1, 0, 2, 1, 3, 4, 0]);
    expect(dict.keys()).toEqual(["a", "bb", "ccc", "é", "𝄞"]);
    expect(dict.idOf("é")).toBe(3);
    expect(dict.find("zz")).toBe(-1);
  });

  it("should hold more distinct ids than a JS Map can (2^24 + 1000)", () => {
    const n = (1 << 24) + 1000;
    const dict = new KeyDictionary();
    const buf = new Uint8Array(16);
    // ids "0".."n-1" written as decimal bytes, each interned twice
    const write = (v: number): number => {
      let len = 0;
      do {
        buf[15 - len++] = 48 + (v % 10);
        v = Math.floor(v / 10);
      } while (v > 0);
      return len;
    };
    let mismatches = 0;
    for (let v = 0; v < n; v++) {
      const len = write(v);
      if (dict.idOfBytes(buf, 16 - len, 16) !== v) mismatches++;
    }
    for (let v = n - 1; v >= 0; v -= 4099) {
      const len = write(v);
      if (dict.idOfBytes(buf, 16 - len, 16) !== v) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(dict.size).toBe(n);
    expect(dict.key(n - 1)).toBe(String(n - 1));
    expect(dict.key(12_345_678)).toBe("12345678");
  }, 120_000);
});
