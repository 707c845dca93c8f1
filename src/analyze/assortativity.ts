/**
 * Degree assortativity as networkx computes it, shared by the graph summary
 * and the niche comparison.
 */
import type { CsrIndex } from "./csr.ts";

export type DegreeKind = "in" | "out";

/**
 * Degree assortativity with networkx's pairing (`degree_assortativity_coefficient(G, x, y)`):
 * the Pearson correlation, over every edge u→v, of the x-degree of u and the
 * y-degree of v (a self-loop once). Undirected graphs: every edge both ways
 * and the plain degree (a self-loop adds 2), whatever x and y. `null` without
 * edges or when a side has no variance (networkx: NaN).
 */
export function degreeAssortativity(index: CsrIndex, x: DegreeKind = "out", y: DegreeKind = "in"): number | null {
  const n = index.order;
  const { outOffsets, outNeighbors, inOffsets } = index;
  const xDeg = new Float64Array(n);
  const yDeg = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    if (index.directed) {
      const outD = outOffsets[v + 1] - outOffsets[v];
      const inD = inOffsets[v + 1] - inOffsets[v];
      xDeg[v] = x === "out" ? outD : inD;
      yDeg[v] = y === "out" ? outD : inD;
    } else {
      let d = outOffsets[v + 1] - outOffsets[v];
      for (let p = outOffsets[v]; p < outOffsets[v + 1]; p++) if (outNeighbors[p] === v) d++;
      xDeg[v] = d;
      yDeg[v] = d;
    }
  }
  const pairs = outNeighbors.length;
  if (pairs === 0) return null;
  let sx = 0;
  let sy = 0;
  for (let u = 0; u < n; u++) {
    const xu = xDeg[u];
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      sx += xu;
      sy += yDeg[outNeighbors[p]];
    }
  }
  const mx = sx / pairs;
  const my = sy / pairs;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let u = 0; u < n; u++) {
    const dx = xDeg[u] - mx;
    for (let p = outOffsets[u]; p < outOffsets[u + 1]; p++) {
      const dy = yDeg[outNeighbors[p]] - my;
      cxy += dx * dy;
      cxx += dx * dx;
      cyy += dy * dy;
    }
  }
  const denom = Math.sqrt(cxx * cyy);
  if (!(denom > 0)) return null;
  const r = cxy / denom;
  return Number.isFinite(r) ? r : null;
}
