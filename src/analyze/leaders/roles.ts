/**
 * Node roles of Guimerà & Amaral (2005), "Functional cartography of complex
 * metabolic networks", Nature 433:895–900.
 *
 * Within-community degree z-score: z_i = (κ_i − mean_s κ) / std_s κ, where
 * κ_i counts i's neighbours in its own community s and the mean and
 * (population) standard deviation run over s's members; on the undirected
 * simple view (direction, weights, self-loops and repeats ignored), as the
 * paper's undirected graphs. z = 0 when the std is 0 (every member has the
 * same κ, e.g. a community of one), never NaN.
 *
 * With the participation coefficient P (`participationCoefficient`), the
 * paper's seven roles:
 *
 * | role | name | z | P |
 * | --- | --- | --- | --- |
 * | 1 | ultra-peripheral | < 2.5 | ≤ 0.05 |
 * | 2 | peripheral | < 2.5 | (0.05, 0.62] |
 * | 3 | non-hub connector | < 2.5 | (0.62, 0.80] |
 * | 4 | non-hub kinless | < 2.5 | > 0.80 |
 * | 5 | provincial hub | ≥ 2.5 | ≤ 0.30 |
 * | 6 | connector hub | ≥ 2.5 | (0.30, 0.75] |
 * | 7 | kinless hub | ≥ 2.5 | > 0.75 |
 *
 * Hubs (R5–R7) are a community's leaders; connectors (R3, R6) and kinless
 * nodes (R4, R7) tie communities together.
 */
import type { CsrIndex } from "../csr.ts";
import { UsageError } from "../../shared/errors.ts";
import { undirectedSimpleView } from "../centrality/coreness.ts";
import { membershipCount } from "../communities/membership.ts";
import { participationCoefficient } from "../communities/participation.ts";

/** z ≥ this makes a hub. */
export const HUB_Z = 2.5;
/** Upper P bounds of R1, R2, R3 (non-hubs) and of R5, R6 (hubs). */
export const ROLE_THRESHOLDS: Readonly<{ hubZ: number; nonHub: readonly number[]; hub: readonly number[] }> = Object.freeze({
  hubZ: HUB_Z,
  nonHub: Object.freeze([0.05, 0.62, 0.8]),
  hub: Object.freeze([0.3, 0.75]),
});

export type RoleId = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const ROLE_NAMES: Readonly<Record<RoleId, string>> = Object.freeze({
  1: "ultra-peripheral",
  2: "peripheral",
  3: "non-hub connector",
  4: "non-hub kinless",
  5: "provincial hub",
  6: "connector hub",
  7: "kinless hub",
});

export interface NodeRoles {
  /** Within-community degree z-score (index order). */
  z: Float64Array;
  /** Participation coefficient (index order). */
  participation: Float64Array;
  /** Role 1..7 (index order). */
  role: Int8Array;
  /** Name of a role id ("provincial hub", ...). */
  roleName: (role: number) => string;
}

/** The role (1..7) of a node with z-score `z` and participation `p`. */
export function classifyRole(z: number, p: number): RoleId {
  const { hubZ, hub, nonHub } = ROLE_THRESHOLDS;
  if (z >= hubZ) return p <= hub[0] ? 5 : p <= hub[1] ? 6 : 7;
  return p <= nonHub[0] ? 1 : p <= nonHub[1] ? 2 : p <= nonHub[2] ? 3 : 4;
}

/** Name of role `role` (1..7); throws on anything else. */
export function roleName(role: number): string {
  const name = ROLE_NAMES[role as RoleId];
  if (name === undefined) throw new UsageError(`analyze/roles: role ${String(role)} does not exist; roles are 1..7.`);
  return name;
}

/** Within-community degree z-score of each node (index order), on the undirected simple view. */
export function withinCommunityZ(index: CsrIndex, membership: ArrayLike<number>): Float64Array {
  const count = membershipCount(index, membership, "analyze/nodeRoles");
  const n = index.order;
  const { offsets, neighbors } = undirectedSimpleView(index);
  const kappa = new Float64Array(n);
  const size = new Float64Array(count);
  const sum = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    let k = 0;
    for (let p = offsets[i], end = offsets[i + 1]; p < end; p++) if (membership[neighbors[p]] === c) k++;
    kappa[i] = k;
    size[c]++;
    sum[c] += k;
  }
  const mean = new Float64Array(count);
  for (let c = 0; c < count; c++) if (size[c] > 0) mean[c] = sum[c] / size[c];
  const squares = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    const d = kappa[i] - mean[membership[i]];
    squares[membership[i]] += d * d;
  }
  const std = new Float64Array(count);
  for (let c = 0; c < count; c++) if (size[c] > 0) std[c] = Math.sqrt(squares[c] / size[c]);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = membership[i];
    // Below 1e-12 the spread is rounding noise of equal κ values: treat as 0.
    z[i] = std[c] > 1e-12 ? (kappa[i] - mean[c]) / std[c] : 0;
  }
  return z;
}

/** z-score, participation coefficient and role of every node for a partition. */
export function nodeRoles(index: CsrIndex, membership: ArrayLike<number>): NodeRoles {
  const z = withinCommunityZ(index, membership);
  const participation = participationCoefficient(index, membership);
  const n = index.order;
  const role = new Int8Array(n);
  for (let i = 0; i < n; i++) role[i] = classifyRole(z[i], participation[i]);
  return { z, participation, role, roleName };
}
