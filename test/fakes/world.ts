/**
 * The world the fake API serves in the collector tests: 12 accounts, their
 * follows and tweets, with a protected and a suspended account.
 */
import type { FakeTweet, FakeUser, FakeWorld } from "./twitter-server.ts";

const users: FakeUser[] = [
  { id: "101", username: "alice", name: "Alice A.", description: "climate scientist", followers: 5000 },
  { id: "102", username: "bob", name: "Bob B.", description: "journalist" },
  { id: "103", username: "carol", name: "Carol C." },
  { id: "104", username: "dave", name: "Dave D." },
  { id: "105", username: "erin", name: "Erin E." },
  { id: "106", username: "frank", name: "Frank F.", protected: true },
  { id: "107", username: "grace", name: "Grace G.", suspended: true },
  { id: "108", username: "heidi", name: "Heidi H." },
  { id: "109", username: "ivan", name: "Ivan I." },
  { id: "110", username: "judy", name: "Judy J." },
  { id: "111", username: "mallory", name: "Mallory M." },
  { id: "112", username: "oscar", name: "Oscar O." },
];

const follows: [string, string][] = [
  ["101", "102"], ["101", "103"], ["101", "104"], ["101", "105"], ["101", "106"], ["101", "107"],
  ["102", "101"], ["102", "103"], ["102", "108"],
  ["103", "101"], ["103", "109"], ["103", "110"],
  ["104", "111"], ["104", "101"],
  ["105", "112"],
  ["106", "101"],
  ["108", "109"], ["108", "102"],
  ["109", "110"], ["110", "111"], ["111", "112"], ["112", "101"],
  ["107", "101"],
];

const t = (id: number, author: string, text: string, extra: Partial<FakeTweet> = {}): FakeTweet => ({
  id: String(1_700_000_000_000_000_000n + BigInt(id)),
  author,
  text,
  createdAt: new Date(Date.UTC(2026, 10, 20, 12, id)).toISOString(),
  ...extra,
});
const tid = (id: number): string => String(1_700_000_000_000_000_000n + BigInt(id));

const tweets: FakeTweet[] = [
  t(1, "101", "Warming is real #climate https://example.org/ipcc", { hashtags: ["climate"], urls: ["https://example.org/ipcc"] }),
  t(2, "102", "@alice great thread #Climate", { mentions: ["alice"], hashtags: ["Climate"] }),
  t(3, "103", "RT @alice: Warming is real", { retweetOf: tid(1) }),
  t(4, "104", "@alice I disagree, see @bob", { replyTo: tid(1), mentions: ["alice", "bob"] }),
  t(5, "105", "Look at this", { quoteOf: tid(2), urls: ["https://example.org/ipcc"] }),
  t(6, "108", "@bob @carol what do you think? #energy", { mentions: ["bob", "carol"], hashtags: ["energy"] }),
  t(7, "101", "@bob thanks! #climate", { replyTo: tid(2), mentions: ["bob"], hashtags: ["climate"] }),
  t(8, "109", "RT @bob: @alice great thread", { retweetOf: tid(2) }),
  t(9, "110", "@alice @ghost hello", { mentions: ["alice", "ghost"] }),
  t(10, "102", "my own thread continues", { replyTo: tid(2) }),
  t(11, "111", "@alice and @alice again", { mentions: ["alice"] }),
  t(12, "112", "unrelated #energy", { hashtags: ["energy"] }),
];

export const WORLD: FakeWorld = { users, follows, tweets };

export const TOKEN = "fake-bearer-token-for-tests%2Fzz9XyQ7secret";
