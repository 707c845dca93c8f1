import { describe, expect, it } from "vitest";
import { csrFromEdges } from "../../../src/analyze/csr.ts";
import { classifyRole, nodeRoles, roleName } from "../../../src/analyze/leaders/roles.ts";
import { UsageError } from "../../../src/shared/errors.ts";
import { REFERENCE_GRAPHS, referenceIndex } from "../../helpers/reference-graphs.ts";
import { spreadersFixture } from "../spreaders/fixtures.ts";

describe("nodeRoles", () => {
  it.each(REFERENCE_GRAPHS)("should match the direct z-score, participation and role computation on %s", (name) => {
    const index = referenceIndex(name);
    const fx = spreadersFixture(name);
    const roles = nodeRoles(index, fx.membership);
    fx.roles.z.forEach((z, i) => expect(roles.z[i]).toBeCloseTo(z, 10));
    fx.roles.participation.forEach((p, i) => expect(roles.participation[i]).toBeCloseTo(p, 10));
    expect(Array.from(roles.role)).toEqual(fx.roles.role);
  });

  it("should give the hand-computed z on a star inside one community", () => {
    // Star c–l1..l4: κ = 4,1,1,1,1; mean 1.6, population std √(((2.4)² + 4·0.6²)/5) = 1.2.
    const star = csrFromEdges({ order: 5, sources: [0, 0, 0, 0], targets: [1, 2, 3, 4], directed: false });
    const roles = nodeRoles(star, [0, 0, 0, 0, 0]);
    expect(roles.z[0]).toBeCloseTo(2, 12);
    expect(roles.z[1]).toBeCloseTo(-0.5, 12);
    expect(Array.from(roles.role)).toEqual([1, 1, 1, 1, 1]);
  });

  it("should give z = 0 (never NaN) to singletons and equal-degree communities", () => {
    // Triangle 0-1-2 in community 0, node 3 alone in community 1 linked to 0.
    const g = csrFromEdges({ order: 4, sources: [0, 1, 0, 0], targets: [1, 2, 2, 3], directed: false });
    const roles = nodeRoles(g, [0, 0, 0, 1]);
    expect(Array.from(roles.z)).toEqual([0, 0, 0, 0]);
    // Node 3: its only neighbour is in another community: P = 0, ultra-peripheral; node 0: P = 1 − (2/3)² − (1/3)² = 4/9.
    expect(roles.participation[0]).toBeCloseTo(4 / 9, 12);
    expect(Array.from(roles.role)).toEqual([2, 1, 1, 1]);
  });

  it("should refuse a membership of the wrong length", () => {
    expect(() => nodeRoles(referenceIndex("karate"), [0, 1])).toThrow(UsageError);
  });
});

describe("classifyRole", () => {
  it("should apply the paper's thresholds, boundaries included in the lower role", () => {
    expect([0.05, 0.0501, 0.62, 0.6201, 0.8, 0.8001].map((p) => classifyRole(2.49, p))).toEqual([1, 2, 2, 3, 3, 4]);
    expect([0, 0.3, 0.3001, 0.75, 0.7501].map((p) => classifyRole(2.5, p))).toEqual([5, 5, 6, 6, 7]);
  });

  it("should name the seven roles and refuse others", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(roleName)).toEqual([
      "ultra-peripheral", "peripheral", "non-hub connector", "non-hub kinless", "provincial hub", "connector hub", "kinless hub",
    ]);
    expect(() => roleName(8)).toThrow(/role 8 does not exist/);
  });
});
