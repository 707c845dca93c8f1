import { describe, expect, it } from "vitest";
import { escapeXml, safeColor, serializeSvg } from "../../viz/src/export-svg.ts";

describe("serializeSvg", () => {
  it("should write nodes, edges and escaped labels", () => {
    const svg = serializeSvg({
      width: 100,
      height: 50,
      background: "#ffffff",
      labelFont: "Arial",
      labelSize: 12,
      edges: [{ x1: 10, y1: 10, x2: 90, y2: 40, color: "rgba(1,2,3,0.5)", width: 1 }],
      nodes: [{ x: 10, y: 10, r: 4, color: "#E69F00", label: `<img src=x onerror=alert(1)>"&'` }],
    });
    expect(svg).toContain(`<line x1="10" y1="10" x2="90" y2="40" stroke="rgba(1,2,3,0.5)" stroke-width="1"/>`);
    expect(svg).toContain(`<circle cx="10" cy="10" r="4" fill="#E69F00"/>`);
    expect(svg).toContain(`>&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&apos;</text>`);
    expect(svg).not.toContain("<img");
  });
  it("should replace colours that are not plain colour syntax", () => {
    expect(safeColor(`red" onload="x`)).toBe("#999999");
    expect(safeColor("#abc")).toBe("#abc");
    expect(escapeXml("a<b")).toBe("a&lt;b");
  });
});
