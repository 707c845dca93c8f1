/**
 * Seeded fuzzing of every reader (see fuzz-harness.ts): FUZZ_CASES cases
 * (default 300, a few seconds); `npm run fuzz` runs thousands. Each case is
 * reproducible from its number (FUZZ_BASE shifts the range).
 */
import { describe, expect, it } from "vitest";
import { readGraph } from "../../src/graph/read.ts";
import { EdgelistStreamReader } from "../../src/graph/readers/edgelist-stream.ts";
import { DataError } from "../../src/shared/errors.ts";
import { fuzz } from "./fuzz-harness.ts";

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const BASE = Number(process.env.FUZZ_BASE ?? 1);

describe("reader fuzz", () => {
  it(`should keep the contract on ${CASES} mutated real files: a graph, or a DataError at FILE:LINE`, async () => {
    const started = performance.now();
    const { violations, reads } = await fuzz(CASES, BASE);
    if (process.env.FUZZ_CASES) {
      console.log(`fuzz: ${CASES} cases (${reads} reads) from ${BASE}, ${violations.length} violations, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const shown = violations.slice(0, 10).map((v) => `case ${v.case} ${v.reader} on ${v.seed} [${v.mutations.join("; ")}]: ${v.problem}`);
    expect(shown).toEqual([]);
  }, 600_000);
});

/** Defects the fuzz found, each pinned by the smallest input that showed it. */
describe("reader fuzz findings", () => {
  const bytes = (s: string | number[]) => (typeof s === "string" ? new TextEncoder().encode(s) : new Uint8Array(s));

  it("should keep a DataError on one line when the bad value holds a line break or an escape", async () => {
    const error = await readGraph("w.txt", bytes("1 2 3\r\n1 2 0.5\u2028x\n")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe('w.txt:2:5: weight "0.5\\u2028x" is not a finite number; fix the value or drop the weight column');
    const escape = new DataError({ file: "f", line: 1 }, 'label "\u001b[31mred"', "fix it");
    expect(escape.message).toBe('f:1: label "\\u001b[31mred"; fix it');
  });

  it("should cut a long value quoted in a DataError", () => {
    const error = new DataError({ file: "f", line: 3 }, `end tag </node> does not match <${"x".repeat(6000)}>`, `close <${"x".repeat(6000)}> first`);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/^f:3: end tag <\/node> does not match <x{59}… \(6002 characters\); close <x{59}… \(6002 characters\) first$/);
  });

  it("should refuse invalid UTF-8 in comments and ignored columns when streaming, as the whole-file reader does", async () => {
    for (const input of [[0x23, 0x20, 0xc3, 0x28, 0x0a, 0x31, 0x20, 0x32, 0x0a], [0x31, 0x20, 0x32, 0x20, 0x31, 0x20, 0xff, 0x0a]]) {
      const whole = await readGraph("c.txt", bytes(input)).catch((e: unknown) => e);
      expect((whole as DataError).message).toMatch(/^c\.txt:\d: not a text file \(invalid UTF-8\)/);
      const reader = new EdgelistStreamReader("c.txt");
      expect(() => {
        reader.push(bytes(input));
        reader.end();
      }).toThrow(/^c\.txt:\d: not a text file \(invalid UTF-8\)/);
    }
  });

  it("should keep a U+FEFF inside a streamed id (not strip it as a BOM)", async () => {
    const input = "1 2\n\uFEFF1 2\n";
    const whole = await readGraph("b.txt", bytes(input));
    const reader = new EdgelistStreamReader("b.txt");
    reader.push(bytes(input));
    const keys = reader.end().merge().keys;
    expect(keys).toEqual(["1", "2", "\uFEFF1"]);
    expect(whole.nodes()).toEqual(keys);
  });
});
