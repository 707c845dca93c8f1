/**
 * `--label-column NAME`: which column of a nodes CSV labels the nodes, on the
 * Facebook page network, whose nodes file names pages in `page_name`
 * (musae_facebook_target.csv: `id,facebook_id,page_name,page_type`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAtlas, stderrProblems } from "./helpers.ts";

const EDGES = ROOT + "data/facebook_page_page/musae_facebook_edges.csv";
const NODES = ROOT + "data/facebook_page_page/musae_facebook_target.csv";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-label-column-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The nodes file's own rows, split naively: rows with quotes are left out. */
function nodeRows(): Map<string, { page_name: string; page_type: string }> {
  const rows = new Map<string, { page_name: string; page_type: string }>();
  for (const line of readFileSync(NODES, "utf8").split("\n").slice(1)) {
    const cells = line.split(",");
    if (cells.length === 4 && !line.includes('"')) rows.set(cells[0], { page_name: cells[2], page_type: cells[3] });
  }
  return rows;
}

describe("--label-column", () => {
  it("should label the Facebook pages by page_name and keep page_name and page_type as attributes", async () => {
    const out = join(dir, "facebook.json");
    const r = await runAtlas(["convert", EDGES, out, "--nodes", NODES, "--label-column", "page_name", "--undirected"]);
    expect(stderrProblems(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: Record<string, unknown> }[] };
    expect(graph.nodes).toHaveLength(22470);
    const byKey = new Map(graph.nodes.map((n) => [n.key, n.attributes]));
    // The first rows of the file, as written there.
    expect(byKey.get("0")).toMatchObject({ label: "The Voice of China 中国好声音", page_name: "The Voice of China 中国好声音", page_type: "tvshow" });
    expect(byKey.get("1")).toMatchObject({ label: "U.S. Consulate General Mumbai", page_type: "government" });
    let compared = 0;
    for (const [key, row] of nodeRows()) {
      // cells are read trimmed
      expect(byKey.get(key)?.label, key).toBe(row.page_name.trim());
      compared++;
    }
    expect(compared).toBeGreaterThan(20000);
  }, 120_000);

  it("should label by the label column, else by id, without it", async () => {
    const out = join(dir, "plain.json");
    const r = await runAtlas(["convert", EDGES, out, "--nodes", NODES, "--undirected"]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: Record<string, unknown> }[] };
    expect(graph.nodes.find((n) => n.key === "0")?.attributes).toMatchObject({ label: "0", page_name: "The Voice of China 中国好声音" });
  }, 120_000);

  it("should refuse a column the nodes file does not have, naming the file and its columns", async () => {
    const r = await runAtlas(["info", EDGES, "--nodes", NODES, "--label-column", "title"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('musae_facebook_target.csv:1: nodes file has no "title" column for the labels (found: id,facebook_id,page_name,page_type)');
  });

  it("should refuse --label-column without --nodes", async () => {
    const r = await runAtlas(["info", EDGES, "--label-column", "page_name"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--label-column page_name names a column of the nodes CSV: give it with --nodes FILE/);
  });
});
