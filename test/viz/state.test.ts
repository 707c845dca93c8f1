import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  decodeViewState,
  defaultViewState,
  encodeViewState,
  toggleCommunity,
  toggleKind,
  validateViewState,
  withFilter,
  withHiddenValues,
  type ViewState,
} from "../../viz/src/state.ts";

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });

/** Arbitrary valid view states (already normalised as validateViewState returns them). */
const viewState: fc.Arbitrary<ViewState> = fc
  .record({
    selected: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
    colorBy: fc.oneof(fc.constant("community"), name),
    sizeBy: name,
    sizeScale: fc.double({ noNaN: true, min: 0.1, max: 10 }),
    hiddenCommunities: fc.uniqueArray(fc.nat(500), { maxLength: 6 }),
    filters: fc.uniqueArray(
      fc.record({ metric: name, min: fc.option(finite, { nil: null }), max: fc.option(finite, { nil: null }) }),
      { selector: (f) => f.metric, maxLength: 4 },
    ),
    hiddenValues: fc.uniqueArray(
      fc.record({ attribute: name, values: fc.uniqueArray(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }) }),
      { selector: (v) => v.attribute, maxLength: 3 },
    ),
    hiddenKinds: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 4 }),
    collapsed: fc.boolean(),
    showEdges: fc.option(fc.boolean(), { nil: null }),
    camera: fc.option(
      fc.record({ x: fc.double({ noNaN: true, min: -10, max: 10 }), y: fc.double({ noNaN: true, min: -10, max: 10 }), ratio: fc.double({ noNaN: true, min: 0.01, max: 10 }), angle: fc.double({ noNaN: true, min: -3, max: 3 }) }),
      { nil: null },
    ),
  })
  .map((s) => validateViewState(s));

describe("view state URL hash", () => {
  it("should encode the default state as an empty hash", () => {
    expect(encodeViewState(defaultViewState())).toBe("");
    expect(decodeViewState("")).toEqual(defaultViewState());
  });

  it("should encode a state field by field, as documented", () => {
    const s: ViewState = {
      ...defaultViewState(),
      selected: "tw:42",
      colorBy: "coreness",
      sizeScale: 1.5,
      hiddenCommunities: [2, 7],
      filters: [{ metric: "coreness", min: 5, max: null }],
      hiddenKinds: ["retweet"],
      collapsed: true,
      camera: { x: 0.5, y: 0.25, ratio: 2, angle: 0 },
    };
    expect(encodeViewState(s)).toBe("node=tw%3A42&color=coreness&scale=1.5&hide=2%2C7&f=coreness%3A5%3A&kinds=retweet&niche=1&cam=0.5%2C0.25%2C2%2C0");
  });

  it("should decode a hand-written link (with #, unescaped)", () => {
    const s = decodeViewState("#node=a&size=inDegree&f=pagerank::0.01&hide=3,1&cam=0.1,0.2,0.5,0");
    expect(s.selected).toBe("a");
    expect(s.sizeBy).toBe("inDegree");
    expect(s.filters).toEqual([{ metric: "pagerank", min: null, max: 0.01 }]);
    expect(s.hiddenCommunities).toEqual([1, 3]);
    expect(s.camera).toEqual({ x: 0.1, y: 0.2, ratio: 0.5, angle: 0 });
  });

  it("should round-trip every valid state exactly except camera rounding", () => {
    fc.assert(
      fc.property(viewState, (s) => {
        const back = decodeViewState(encodeViewState(s));
        expect({ ...back, camera: null }).toEqual({ ...s, camera: null });
        if (s.camera === null) expect(back.camera).toBeNull();
        else {
          for (const k of ["x", "y", "ratio", "angle"] as const) {
            expect(back.camera![k]).toBeCloseTo(s.camera[k], Math.max(0, 5 - Math.ceil(Math.log10(Math.abs(s.camera[k]) + 1))));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("should ignore invalid parts and keep the valid ones", () => {
    const s = decodeViewState("color=<script>&size=a%20b&scale=abc&hide=1,x,-2&f=bad name:1:2&f=coreness:x:y&cam=1,2,-1,0&niche=yes&node=ok");
    expect(s).toEqual({ ...defaultViewState(), selected: "ok", hiddenCommunities: [1] });
  });

  it("should keep hidden text values with commas, colons, % and empty ones as they are", () => {
    const s = withHiddenValues(defaultViewState(), "party", ["D", "a,b", "50%:x", ""], true);
    expect(s.hiddenValues).toEqual([{ attribute: "party", values: ["", "50%:x", "D", "a,b"] }]);
    const hash = encodeViewState(s);
    expect(new URLSearchParams(hash).get("hv")).toBe("party:,50%25%3Ax,D,a%2Cb");
    expect(decodeViewState(hash).hiddenValues).toEqual(s.hiddenValues);
    expect(decodeViewState("hv=party:D&hv=bad name:x&hv=nocolon&hv=party:R").hiddenValues).toEqual([{ attribute: "party", values: ["D"] }]);
  });

  it("should clamp the size scale to 0.1..10", () => {
    expect(decodeViewState("scale=100").sizeScale).toBe(10);
    expect(decodeViewState("scale=0.001").sizeScale).toBe(0.1);
  });

  it("should encode the edges choice as edges=0|1 and leave it automatic otherwise", () => {
    expect(encodeViewState({ ...defaultViewState(), showEdges: false })).toBe("edges=0");
    expect(decodeViewState("edges=1").showEdges).toBe(true);
    expect(decodeViewState("edges=maybe").showEdges).toBeNull();
  });
});

describe("view state updates", () => {
  it("should toggle a community in and out, keeping the list sorted", () => {
    const s1 = toggleCommunity(toggleCommunity(defaultViewState(), 5), 2);
    expect(s1.hiddenCommunities).toEqual([2, 5]);
    expect(toggleCommunity(s1, 5).hiddenCommunities).toEqual([2]);
  });

  it("should toggle edge kinds", () => {
    const s = toggleKind(toggleKind(defaultViewState(), "retweet"), "mention");
    expect(s.hiddenKinds).toEqual(["mention", "retweet"]);
    expect(toggleKind(s, "retweet").hiddenKinds).toEqual(["mention"]);
  });

  it("should replace a filter on the same metric and remove it with two null bounds", () => {
    const s1 = withFilter(withFilter(defaultViewState(), "coreness", 3, null), "pagerank", null, 0.1);
    const s2 = withFilter(s1, "coreness", 5, 9);
    expect(s2.filters).toEqual([
      { metric: "pagerank", min: null, max: 0.1 },
      { metric: "coreness", min: 5, max: 9 },
    ]);
    expect(withFilter(s2, "coreness", null, null).filters).toEqual([{ metric: "pagerank", min: null, max: 0.1 }]);
  });

  it("should hide and show text values, dropping an attribute left with none hidden", () => {
    const s1 = withHiddenValues(withHiddenValues(defaultViewState(), "party", ["R"], true), "platform", ["twitter", "bluesky"], true);
    expect(s1.hiddenValues).toEqual([
      { attribute: "party", values: ["R"] },
      { attribute: "platform", values: ["bluesky", "twitter"] },
    ]);
    expect(withHiddenValues(s1, "party", ["R"], false).hiddenValues).toEqual([{ attribute: "platform", values: ["bluesky", "twitter"] }]);
  });

  it("should not mutate the defaults", () => {
    const s = defaultViewState();
    s.hiddenCommunities.push(1);
    expect(defaultViewState().hiddenCommunities).toEqual([]);
  });
});
