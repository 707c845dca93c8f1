/**
 * SVG export of the current view. `collectSvgScene` reads what sigma shows
 * (viewport coordinates, sizes, colours, hidden flags, displayed labels);
 * `serializeSvg` is pure and escapes every text, so a label such as
 * `<script>` ends up as text in the file.
 */
import type Sigma from "sigma";

export interface SvgNode {
  x: number;
  y: number;
  r: number;
  color: string;
  label?: string;
}

export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
}

export interface SvgScene {
  width: number;
  height: number;
  background: string;
  nodes: SvgNode[];
  edges: SvgEdge[];
  labelFont: string;
  labelSize: number;
}

/** XML-escapes text and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Colours reach the file only as `#rgb[a]`/`#rrggbb[aa]` or `rgb[a](…)` with numbers; anything else becomes grey. */
export function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) || /^rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\)$/.test(color) ? color : "#999999";
}

function n(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "0";
}

export function serializeSvg(scene: SvgScene): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(scene.width)}" height="${n(scene.height)}" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}">`,
    `<rect width="100%" height="100%" fill="${safeColor(scene.background)}"/>`,
    `<g id="edges" stroke-linecap="round">`,
  ];
  for (const e of scene.edges) {
    out.push(`<line x1="${n(e.x1)}" y1="${n(e.y1)}" x2="${n(e.x2)}" y2="${n(e.y2)}" stroke="${safeColor(e.color)}" stroke-width="${n(e.width)}"/>`);
  }
  out.push(`</g>`, `<g id="nodes">`);
  for (const v of scene.nodes) out.push(`<circle cx="${n(v.x)}" cy="${n(v.y)}" r="${n(v.r)}" fill="${safeColor(v.color)}"/>`);
  out.push(`</g>`, `<g id="labels" font-family="${escapeXml(scene.labelFont)}" font-size="${n(scene.labelSize)}" fill="#222">`);
  for (const v of scene.nodes) {
    if (v.label) out.push(`<text x="${n(v.x + v.r + 3)}" y="${n(v.y + scene.labelSize / 3)}">${escapeXml(v.label)}</text>`);
  }
  out.push(`</g>`, `</svg>`, ``);
  return out.join("\n");
}

/** What sigma currently shows, in viewport pixels (hidden items and off-screen nodes left out). */
export function collectSvgScene(sigma: Sigma, background = "#ffffff"): SvgScene {
  const { width, height } = sigma.getDimensions();
  const graph = sigma.getGraph();
  const labelled = sigma.getNodeDisplayedLabels();
  const pos = new Map<string, { x: number; y: number; r: number; color: string; hidden: boolean }>();
  graph.forEachNode((key) => {
    const d = sigma.getNodeDisplayData(key);
    if (!d) return;
    const p = sigma.framedGraphToViewport(d);
    pos.set(key, { x: p.x, y: p.y, r: sigma.scaleSize(d.size), color: d.color, hidden: Boolean(d.hidden) });
  });
  const margin = 50;
  const onScreen = (p: { x: number; y: number }): boolean => p.x > -margin && p.y > -margin && p.x < width + margin && p.y < height + margin;
  const edges: SvgEdge[] = [];
  graph.forEachEdge((key, _a, source, target) => {
    const d = sigma.getEdgeDisplayData(key);
    const s = pos.get(source);
    const t = pos.get(target);
    if (!d || d.hidden || !s || !t || s.hidden || t.hidden || (!onScreen(s) && !onScreen(t))) return;
    edges.push({ x1: s.x, y1: s.y, x2: t.x, y2: t.y, color: d.color, width: Math.max(0.5, sigma.scaleSize(d.size)) });
  });
  const nodes: SvgNode[] = [];
  for (const [key, p] of pos) {
    if (p.hidden || !onScreen(p)) continue;
    const label = labelled.has(key) ? sigma.getNodeDisplayData(key)?.label : undefined;
    nodes.push({ x: p.x, y: p.y, r: p.r, color: p.color, label: label ?? undefined });
  }
  return { width, height, background, nodes, edges, labelFont: "Arial, sans-serif", labelSize: sigma.getSetting("labelSize") };
}
