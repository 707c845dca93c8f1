/**
 * The node attributes the pipeline writes, as columns, in the order they
 * appear on each node of the atlas file (see `node-columns.ts` for how a
 * column becomes an attribute).
 */
import type { Degrees } from "./centrality/degree.ts";
import type { LeaderInterval } from "./leaders/bootstrap.ts";
import type { NodeRoles } from "./leaders/roles.ts";
import type { NodeColumn } from "./node-columns.ts";

/** Attributes of a previous analysis that may not be rewritten (removed first). */
export const STALE_ATTRIBUTES = ["leaderRank", "stability", "rankLow", "rankHigh", "unstableLeader", "collectiveInfluence"] as const;

export interface PipelineOutputs {
  n: number;
  pagerank: Float64Array;
  scores: { authority: Float64Array | null; hub: Float64Array | null; betweenness: Float64Array | null; closeness: Float64Array | null; harmonic: Float64Array | null };
  degrees: Degrees;
  eigenvector: Float64Array | null;
  coreness: Float64Array;
  participation: Float64Array;
  membership: Int32Array;
  roles: NodeRoles;
  communityPagerank: Float64Array;
  /** Consensus co-assignment stability, or `null` without consensus. */
  stability: Float64Array | null;
  composite: { score: Float64Array; rank: Int32Array };
  methodScores: Readonly<Record<string, Float64Array>>;
  ci: Float64Array | null;
  /** Rank of each listed leader in its community (1-based), 0 for the others. */
  leaderRank: Int32Array;
  intervals: LeaderInterval[][] | null;
}

export function nodeColumns(o: PipelineOutputs): NodeColumn[] {
  const zero = (name: string, values: Float64Array | null): NodeColumn => ({ name, type: "float", values, nonFinite: "zero" });
  const nullable = (name: string, values: Float64Array | null): NodeColumn => ({ name, type: "float", values, nonFinite: "null" });
  const roleNames = Array.from(o.roles.role, (r) => o.roles.roleName(r));
  const columns: NodeColumn[] = [
    zero("pagerank", o.pagerank),
    nullable("authority", o.scores.authority),
    nullable("hub", o.scores.hub),
    zero("inDegree", o.degrees.inDegree),
    zero("outDegree", o.degrees.outDegree),
    zero("inStrength", o.degrees.inStrength),
    zero("outStrength", o.degrees.outStrength),
    nullable("eigenvector", o.eigenvector),
    zero("coreness", o.coreness),
    nullable("betweenness", o.scores.betweenness),
    nullable("closeness", o.scores.closeness),
    nullable("harmonic", o.scores.harmonic),
    zero("participation", o.participation),
    { name: "community", type: "int", values: o.membership },
    zero("communityPagerank", o.communityPagerank),
    zero("withinModuleZ", o.roles.z),
    { name: "role", type: "int", values: o.roles.role },
    { name: "roleName", type: "string", values: roleNames },
  ];
  if (o.stability !== null) columns.push({ name: "stability", type: "float", values: o.stability });
  columns.push(
    zero("compositeScore", o.composite.score),
    { name: "compositeRank", type: "int", values: o.composite.rank },
    zero("leaderRankScore", o.methodScores.leaderrank),
    zero("voteRank", o.methodScores.voterank),
  );
  if (o.ci !== null) columns.push(zero("collectiveInfluence", o.ci));
  const isLeader = new Uint8Array(o.n);
  for (let i = 0; i < o.n; i++) isLeader[i] = o.leaderRank[i] > 0 ? 1 : 0;
  columns.push({ name: "leaderRank", type: "int", values: o.leaderRank, present: isLeader });
  if (o.intervals !== null) {
    const present = new Uint8Array(o.n);
    const low = new Int32Array(o.n);
    const high = new Int32Array(o.n);
    const unstable = new Uint8Array(o.n);
    for (const list of o.intervals) {
      for (const iv of list) {
        present[iv.node] = 1;
        low[iv.node] = iv.lower;
        high[iv.node] = iv.upper;
        unstable[iv.node] = iv.unstable ? 1 : 0;
      }
    }
    columns.push(
      { name: "rankLow", type: "int", values: low, present },
      { name: "rankHigh", type: "int", values: high, present },
      { name: "unstableLeader", type: "bool", values: unstable, present },
    );
  }
  return columns;
}
