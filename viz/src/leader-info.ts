/**
 * The leadership columns as the viewer shows them: the Guimerà–Amaral role,
 * consensus stability, composite leader score and rank with its bootstrap
 * 90% interval, the "unstable" flag; and a community's top items (hashtags,
 * URLs, mentions). Pure module (no DOM): it returns strings and plain data,
 * the panels put them in as text. Every attribute is optional: what the atlas
 * file lacks is simply not listed.
 */
import { rankIntervalText } from "../../src/report/format.ts";
import type { AtlasCommunityTopItems, AtlasMeta, AtlasTopItem } from "../../src/analyze/atlas.ts";
import { ROLE_NAMES as ENGINE_ROLE_NAMES } from "../../src/analyze/leaders/roles.ts";
import { formatValue } from "./dom.ts";

/** The seven roles of Guimerà & Amaral (2005), by number (R1..R7): the engine's own table. */
export const ROLE_NAMES: Readonly<Record<number, string>> = ENGINE_ROLE_NAMES;

/** Node attributes written by the issue-7 analysis (the contract with the atlas file). */
export const LEADER_ATTRIBUTES = ["role", "roleName", "withinModuleZ", "stability", "compositeScore", "compositeRank", "rankLow", "rankHigh", "unstableLeader"] as const;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** One labelled line of the node panel (`testid` names it for tests). */
export interface InfoLine {
  testid: string;
  label: string;
  text: string;
}

/** "R6 connector hub" from `roleName` and/or `role` (1..7); `null` without either. */
export function roleText(attrs: Record<string, unknown>): string | null {
  const role = int(attrs.role);
  const valid = role !== null && role >= 1 && role <= 7 ? role : null;
  const name = typeof attrs.roleName === "string" && attrs.roleName.trim() !== "" ? attrs.roleName.trim() : valid !== null ? ROLE_NAMES[valid] : null;
  if (name === null) return null;
  return valid !== null ? `R${valid} ${name}` : name;
}

/** "[1–4]" from `rankLow` and `rankHigh` (both needed). */
export function intervalText(attrs: Record<string, unknown>): string | null {
  const lo = num(attrs.rankLow);
  const hi = num(attrs.rankHigh);
  if (lo === null || hi === null) return null;
  return rankIntervalText(formatValue(lo), formatValue(hi));
}

/** The node's rank badge for lists: "#2 [1–4]", "#2", "[1–4]" or `null`; " unstable" appended when flagged. */
export function rankBadge(attrs: Record<string, unknown>): string | null {
  const rank = int(attrs.compositeRank) ?? int(attrs.leaderRank);
  const interval = intervalText(attrs);
  const parts: string[] = [];
  if (rank !== null) parts.push(`#${rank}`);
  if (interval !== null) parts.push(interval);
  if (attrs.unstableLeader === true) parts.push("unstable");
  return parts.length > 0 ? parts.join(" ") : null;
}

/** What the badge's parts mean, in the order the badge shows them. */
export const BADGE_KEY =
  "#rank [low–high] unstable score: the leader's rank in its community, the 90% interval of that rank over the resamplings of the edges, " +
  '"unstable" when the rank moves a lot across resamplings, then the score leaders are ranked by.';

/**
 * The rank badge in words, e.g. "rank 4, 90% interval 3–9, unstable: the
 * rank moves a lot across resamplings; composite score 0.92"; `score` is the
 * ranking score shown beside the badge. `null` when the node has no badge.
 */
export function rankBadgeText(attrs: Record<string, unknown>, score: { name: string; value: unknown } | null = null): string | null {
  const rank = int(attrs.compositeRank) ?? int(attrs.leaderRank);
  const lo = num(attrs.rankLow);
  const hi = num(attrs.rankHigh);
  const parts: string[] = [];
  if (rank !== null) parts.push(`rank ${rank}`);
  if (lo !== null && hi !== null) parts.push(`90% interval ${formatValue(lo)}–${formatValue(hi)}`);
  if (attrs.unstableLeader === true) parts.push("unstable: the rank moves a lot across resamplings");
  if (parts.length === 0) return null;
  const value = score !== null ? num(score.value) : null;
  const name = score?.name === "compositeScore" ? "composite score" : score?.name;
  return parts.join(", ") + (value !== null ? `; ${name} ${formatValue(value)}` : "");
}

/** The lines of the node panel's "Leadership" block, in display order (empty when the file has none of the attributes). */
export function leaderInfoLines(attrs: Record<string, unknown>): InfoLine[] {
  const lines: InfoLine[] = [];
  const role = roleText(attrs);
  if (role !== null) lines.push({ testid: "node-role", label: "role", text: role });
  const z = num(attrs.withinModuleZ);
  if (z !== null) lines.push({ testid: "node-within-z", label: "within-community z", text: formatValue(z) });
  const stability = num(attrs.stability);
  if (stability !== null) lines.push({ testid: "node-stability", label: "stability", text: `${formatValue(stability)} (${Math.round(stability * 100)}% of runs agree)` });
  const score = num(attrs.compositeScore);
  if (score !== null) lines.push({ testid: "node-composite-score", label: "composite score", text: formatValue(score) });
  const rank = int(attrs.compositeRank);
  const interval = intervalText(attrs);
  if (rank !== null || interval !== null) {
    const text = [rank !== null ? `#${rank}` : null, interval !== null ? `90% interval ${interval}` : null].filter((s) => s !== null).join(" ");
    lines.push({ testid: "node-rank-interval", label: "composite rank", text });
  }
  if (attrs.unstableLeader === true) lines.push({ testid: "node-unstable", label: "unstable", text: "unstable leader: its rank moves a lot under resampling" });
  return lines;
}

/** The top items of community `id` from `atlas.topItems`, or `null` when the file has none for it. */
export function communityTopItems(meta: AtlasMeta | null, id: number): AtlasCommunityTopItems | null {
  const list = meta?.topItems;
  if (!Array.isArray(list)) return null;
  for (const t of list) if (t && t.community === id) return t;
  return null;
}

/** `url` when it is an absolute http(s) URL (safe to put in `href`), else `null` (then shown as text only). */
export function safeHttpUrl(url: string): string | null {
  if (typeof url !== "string" || url.length > 2000) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

export interface TopItemGroup {
  kind: "hashtags" | "urls" | "mentions";
  title: string;
  items: { text: string; count: number; href: string | null }[];
}

/** Groups to show (empty kinds left out), at most `top` items each. Hashtags get their `#`; only URLs may carry an `href`. */
export function topItemGroups(t: AtlasCommunityTopItems, top = 5): TopItemGroup[] {
  const valid = (xs: unknown): AtlasTopItem[] =>
    Array.isArray(xs) ? xs.filter((x): x is AtlasTopItem => !!x && typeof x.item === "string" && typeof x.count === "number").slice(0, top) : [];
  const groups: TopItemGroup[] = [
    { kind: "hashtags", title: "Top hashtags", items: valid(t.hashtags).map((x) => ({ text: `#${x.item.replace(/^#/, "")}`, count: x.count, href: null })) },
    { kind: "urls", title: "Top URLs", items: valid(t.urls).map((x) => ({ text: x.item, count: x.count, href: safeHttpUrl(x.item) })) },
    { kind: "mentions", title: "Top mentions", items: valid(t.mentions).map((x) => ({ text: x.item, count: x.count, href: null })) },
  ];
  return groups.filter((g) => g.items.length > 0);
}
