/**
 * An atlas with stored positions (`atlas analyze --layout`) opens in the
 * viewer as it was laid out: every node where the file puts it, and no
 * layout running in the page.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveAnalyzed, type ServedAtlas, waitForLoads } from "./helpers.ts";

let served: ServedAtlas;

beforeAll(async () => {
  served = await serveAnalyzed("data/karate/karate_club.gml", "karate.atlas.json", ["--layout", "--seed", "1"]);
  await waitForLoads(served.page, 1);
}, 120_000);

afterAll(async () => {
  await served?.close();
});

describe("stored positions in the viewer", () => {
  it("should draw every node at the position the atlas file stores, with no layout running", async () => {
    const stored = new Map<string, [number, number]>(
      (JSON.parse(readFileSync(served.file, "utf8")).nodes as { key: string; attributes: { x: number; y: number } }[]).map((n) => [n.key, [n.attributes.x, n.attributes.y]]),
    );
    expect(stored.size).toBe(34);
    await served.page.waitForTimeout(500);
    const shown = await served.page.evaluate(() => window.__atlas!.graph!.mapNodes((key, a) => [key, a.x as number, a.y as number] as const));
    expect(shown).toHaveLength(34);
    for (const [key, x, y] of shown) expect([x, y], key).toEqual(stored.get(key));
    expect(await served.page.getByTestId("layout-toggle").getAttribute("data-phase")).toBe("idle");
    expect(served.problems.pageErrors).toEqual([]);
    expect(served.problems.consoleErrors).toEqual([]);
  });
});
