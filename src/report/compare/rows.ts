/** The comparison tables (one column per niche), shared by the Markdown and HTML writers. */
import { Z_METRICS } from "../../analyze/compare/null-model.ts";
import type { NicheComparison, ZMetric } from "../../analyze/compare/types.ts";

export type ComparedNiche = NicheComparison["niches"][number];

export interface Row {
  label: string;
  /** networkx (or other) definition shown as a hint. */
  hint?: string;
  cells: string[];
}

export interface Section {
  title: string;
  rows: Row[];
}

/** 4 significant digits (integers as is); `null` as an en dash. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && abs < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** Leader i of a niche: "label (key)", or the key alone when it has no other label. */
export function leaderName(n: ComparedNiche, i: number): string {
  const key = n.leadership.leaders[i];
  const label = n.leadership.leaderLabels?.[i] ?? key;
  return label === key ? key : `${label} (${key})`;
}

const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? "–" : `${fmt(100 * v, 3)}%`);

export const Z_TITLES: Readonly<Record<ZMetric, string>> = Object.freeze({
  modularity: "modularity (Louvain)",
  averageClustering: "average clustering",
  reciprocity: "reciprocity",
  assortativity: "assortativity out→in",
  gini: "PageRank Gini",
  top1Share: "PageRank top 1% share",
});

/** The profile tables, section by section. */
export function profileSections(niches: readonly ComparedNiche[]): Section[] {
  const row = (label: string, f: (n: ComparedNiche) => string, hint?: string): Row => ({ label, hint, cells: niches.map(f) });
  const tail = (n: ComparedNiche, which: "inDegree" | "outDegree"): string => {
    const fit = n.shape[which].powerLaw;
    return fit === null ? "–" : `α ${fmt(fit.alpha, 3)} (k ≥ ${fit.xmin}, ${fit.tail} nodes, KS ${fmt(fit.ks, 2)})`;
  };
  const quant = (n: ComparedNiche, which: "inDegree" | "outDegree"): string => {
    const d = n.shape[which];
    return `${fmt(d.quantiles.p50)} / ${fmt(d.quantiles.p90)} / ${fmt(d.quantiles.p99)} / ${fmt(d.max)}`;
  };
  // With no directed niche, in- and out-degree are the one degree: show it once.
  const directed = niches.some((n) => n.size.directed);
  const deg = directed ? "in-degree" : "degree";
  const keep = (rows: (Row | null)[]): Row[] => rows.filter((r): r is Row => r !== null);
  return [
    {
      title: "Size",
      rows: keep([
        row("nodes", (n) => fmt(n.size.nodes)),
        row("edges", (n) => fmt(n.size.edges) + (n.size.directed ? "" : " (undirected)")),
        row("density", (n) => fmt(n.size.density), "nx.density"),
        directed ? row("reciprocity", (n) => fmt(n.size.reciprocity), "nx.reciprocity") : null,
        row("components", (n) => fmt(n.size.weakComponents), "weakly connected"),
        row("largest component", (n) => pct(n.size.largestWeakShare)),
      ]),
    },
    {
      title: "Shape",
      rows: keep([
        row(`mean ${deg}`, (n) => fmt(n.shape.inDegree.mean)),
        row(`${deg} p50 / p90 / p99 / max`, (n) => quant(n, "inDegree")),
        directed ? row("out-degree p50 / p90 / p99 / max", (n) => quant(n, "outDegree")) : null,
        row(`${deg} power-law tail`, (n) => tail(n, "inDegree"), "Clauset et al. 2009"),
        directed ? row("out-degree power-law tail", (n) => tail(n, "outDegree")) : null,
        row("average clustering", (n) => fmt(n.shape.averageClustering), "undirected view"),
        row(directed ? "assortativity out→in" : "degree assortativity", (n) => fmt(n.shape.assortativity.outIn), "nx.degree_assortativity_coefficient"),
        directed
          ? row("assortativity in→in / out→out / in→out", (n) =>
              n.size.directed
                ? `${fmt(n.shape.assortativity.inIn)} / ${fmt(n.shape.assortativity.outOut)} / ${fmt(n.shape.assortativity.inOut)}`
                : "(undirected)",
            )
          : null,
        row("max coreness (top core size)", (n) => `${n.shape.maxCoreness} (${n.shape.topCoreSize})`),
      ]),
    },
    {
      title: "Communities",
      rows: [
        row("communities", (n) => fmt(n.communities.count)),
        row("largest community", (n) => pct(n.communities.largestShare)),
        row("sizes (top 5)", (n) => n.communities.sizes.slice(0, 5).join(", ") + (n.communities.sizes.length > 5 ? ", …" : "")),
        row("size entropy (evenness)", (n) => `${fmt(n.communities.entropy)} (${fmt(n.communities.evenness)})`, "nats"),
        row("modularity", (n) => fmt(n.communities.modularity), "undirected view"),
        row("edges inside communities", (n) => pct(n.communities.coverage), "coverage"),
      ],
    },
    {
      title: "Leadership",
      rows: [
        row("PageRank held by top 1%", (n) => pct(n.leadership.top1Share)),
        row("PageRank held by top 10%", (n) => pct(n.leadership.top10Share)),
        row("PageRank Gini", (n) => fmt(n.leadership.gini)),
        row("leaders' in-edges from other communities", (n) => pct(n.leadership.leadersOutsideInShare)),
        row("bridges (nodes touching ≥ 2 communities)", (n) => pct(n.leadership.bridgeShare)),
      ],
    },
  ];
}

/** The z-score table, or `null` when no randomization ran. */
export function zSection(niches: readonly ComparedNiche[]): Section | null {
  const first = niches.find((n) => n.nullModel !== null)?.nullModel;
  if (!first) return null;
  const directed = niches.some((n) => n.size.directed);
  return {
    title: `Size-fair: z-scores against ${first.replicates} degree-preserving randomizations`,
    rows: Z_METRICS.filter((m) => directed || m !== "reciprocity").map((metric) => ({
      label: Z_TITLES[metric],
      cells: niches.map((n) => {
        const s = n.nullModel?.scores[metric];
        if (!s || s.observed === null) return "–";
        return `z = ${fmt(s.z, 3)} (${fmt(s.observed)} vs ${fmt(s.mean)} ± ${fmt(s.sd, 2)})`;
      }),
    })),
  };
}
