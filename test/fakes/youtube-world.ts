/**
 * The world the fake YouTube API serves in the collector tests: 11 channels
 * (one closed, one with private subscriptions), 5 videos (one with comments
 * disabled), threads with inline and paged replies and @mentions.
 */
import type { FakeChannel, FakeComment, FakeThread, FakeVideo, FakeYoutubeWorld } from "./youtube-server.ts";

/** A channel id (`UC` + 22 characters) for a short name. */
export const ch = (name: string): string => `UC${name.padEnd(22, "0")}`;

const A = ch("alice"), B = ch("bob"), C = ch("carol"), D = ch("dave"), E = ch("erin"), F = ch("frank");
const G = ch("grace"), H = ch("heidi"), K = ch("kim"), L = ch("lee"), M = ch("max"), X = ch("closed");

const channels: FakeChannel[] = [
  { id: A, title: "Alice Science", handle: "alice", subscribers: 50_000, subscriptions: [B, C, D], featured: [B, E], uploads: ["vid1aaaaaaa", "vid2aaaaaaa", "vid3aaaaaaa"] },
  { id: B, title: "Bob Builds", handle: "bob", subscribers: 9000, subscriptions: "private", featured: [A, F], uploads: ["vid4bbbbbbb"] },
  { id: C, title: "Carol Chem", handle: "carol", subscriptions: [A, G], uploads: ["vid5ccccccc"] },
  { id: D, title: "Dave Data", handle: "dave", subscriptions: [H], featured: [X] },
  { id: E, title: "Erin Earth", handle: "erin", subscriptions: [A] },
  { id: F, title: "Frank Physics", handle: "frank", subscriptions: [C] },
  { id: G, title: "Grace Genes", handle: "grace", subscriptions: [A] },
  { id: H, title: "Heidi Health", handle: "heidi", subscriptions: [A] },
  { id: K, title: "Kim K", handle: "kim" },
  { id: L, title: "Lee L", handle: "lee" },
  { id: M, title: "Max M", handle: "max" },
  { id: X, title: "Closed Channel", handle: "closed", closed: true },
];

let n = 0;
const at = (): string => new Date(Date.UTC(2024, 5, 1, 12, n)).toISOString();
const c = (id: string, author: string, text: string): FakeComment => (n++, { id, author, text, at: at() });
const t = (id: string, author: string, text: string, replies: FakeComment[] = []): FakeThread => ({ ...c(id, author, text), replies });

const videos: FakeVideo[] = [
  {
    id: "vid1aaaaaaa",
    channel: A,
    title: "Why the sky is blue",
    threads: [
      t("Ugt1", K, "great video, @bob should see this", [c("Ugt1.r1", L, "@kim agreed"), c("Ugt1.r2", A, "thanks!")]),
      t("Ugt2", L, "hi from lee"),
      t("Ugt3", B, "@alice nice one @alice"),
    ],
  },
  { id: "vid2aaaaaaa", channel: A, title: "No comments here", commentsDisabled: true },
  {
    id: "vid3aaaaaaa",
    channel: A,
    title: "Long thread",
    threads: [
      t("Ugt4", M, "@ghost hello, mail me at max@example.org", [
        c("Ugt4.r1", K, "first"),
        c("Ugt4.r2", L, "second"),
        c("Ugt4.r3", K, "third @lee"),
        c("Ugt4.r4", B, "fourth"),
        c("Ugt4.r5", M, "my own reply"),
      ]),
    ],
  },
  { id: "vid4bbbbbbb", channel: B, title: "Shed", threads: [t("Ugt5", A, "@kim look at this"), t("Ugt6", K, "cool")] },
  { id: "vid5ccccccc", channel: C, title: "Acids", threads: [t("Ugt7", L, "nice")] },
];

export const YT_WORLD: FakeYoutubeWorld = { channels, videos };

export const YT_KEY = "fake-youtube-api-key_0123456789SECRETzz";

export const IDS = { A, B, C, D, E, F, G, H, K, L, M, X };
