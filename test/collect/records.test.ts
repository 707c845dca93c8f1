import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_QUERY_LENGTH, normalizeSeeds, queriesForSeeds } from "../../src/collect/twitter/plan.ts";
import { accountFromUser, issueFromProblem, recordsFromTweets, type V2Page } from "../../src/collect/twitter/records.ts";
import { backoffMs, rateLimitWaitMs, RETRY_DEFAULTS } from "../../src/collect/retry.ts";
import { FakeTwitterServer } from "../fakes/twitter-server.ts";
import { TOKEN, WORLD } from "../fakes/world.ts";

const recorded = (name: string): V2Page => JSON.parse(readFileSync(`data/fixtures/twitter/${name}`, "utf8"));
const twarc = (name: string): V2Page => JSON.parse(readFileSync(`data/fixtures/twarc/${name}`, "utf8").split("\n")[0]);

let fake: FakeTwitterServer;
beforeAll(async () => {
  fake = new FakeTwitterServer(WORLD, { token: TOKEN, pageSize: 2 });
  await fake.start();
});
afterAll(() => fake.close());

async function get(path: string): Promise<V2Page> {
  const res = await fetch(new URL(path, fake.url), { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()) as V2Page;
}

describe("the fake API", () => {
  it("should answer follows pages in the recorded shape", async () => {
    const real = recorded("get_users_followers.json");
    const ours = await get("2/users/101/following?max_results=1000");
    expect(Object.keys(ours).sort()).toEqual(Object.keys(real).sort());
    expect(Object.keys(ours.meta!).sort()).toEqual(Object.keys(real.meta!).sort());
    const realUser = Object.keys((real.data as object[])[0]);
    expect(Object.keys((ours.data as object[])[0])).toEqual(expect.arrayContaining(realUser));
  });

  it("should answer search pages in the recorded shape", async () => {
    const real = recorded("search_recent_tweets.json");
    const ours = await get("2/tweets/search/recent?query=%40alice&max_results=10");
    expect(Object.keys(ours.meta!).sort()).toEqual(Object.keys(real.meta!).sort());
    expect(Object.keys((ours.data as object[])[0])).toEqual(expect.arrayContaining(Object.keys((real.data as object[])[0])));
  });
});

describe("accountFromUser", () => {
  it("should read every user of a recorded followers page", () => {
    const page = recorded("get_users_followers.json");
    const accounts = (page.data as { id: string; username: string; name: string }[]).map(accountFromUser);
    expect(accounts).toHaveLength(100);
    expect(accounts[0]).toMatchObject({ id: "1376998163739987969", handle: "Zamari97491661", name: "Za’mari", followers: null });
  });
});

describe("issueFromProblem", () => {
  it("should classify the API's problems about users, and ignore others", () => {
    const kpop = twarc("kpop.jsonl");
    expect(issueFromProblem(kpop.errors![0])).toMatchObject({ ref: "@leeseunggi", reason: "suspended" });
    const users = twarc("users.jsonl");
    expect(issueFromProblem(users.errors![0])).toBeNull(); // a pinned tweet not found
    expect(issueFromProblem({ title: "Authorization Error", detail: "Sorry, you are not authorized to see the user with id: [5].", resource_type: "user", parameter: "id", resource_id: "5", type: "https://api.twitter.com/2/problems/not-authorized-for-resource" })).toMatchObject({ ref: "5", reason: "protected" });
  });
});

describe("recordsFromTweets", () => {
  it("should store includes.tweets as posts but collect only the page's own tweets", () => {
    const page = twarc("two_tweets.jsonl");
    const r = recordsFromTweets(page.data as never, page);
    expect(r.posts.map((p) => p.id).sort()).toEqual(["1391677057810288641", "1394735776701816833"]);
    expect(r.ownPosts).toEqual(["1394735776701816833"]);
    expect(r.edges).toEqual([
      { source: "1379899464345923590", target: "1380086327023169540", kind: "retweets", item: "1394735776701816833", at: "2021-05-18T19:24:56.000Z" },
    ]);
  });
});

describe("plan", () => {
  it("should normalise seeds and split long seed queries under the length limit", () => {
    expect(normalizeSeeds(["@a, b", "@A c\n@d"])).toEqual(["a", "b", "c", "d"]);
    expect(queriesForSeeds(["a", "b"])).toEqual(["(from:a OR @a OR from:b OR @b)"]);
    const many = Array.from({ length: 60 }, (_, i) => `user_${String(i).padStart(9, "0")}`);
    const qs = queriesForSeeds(many);
    expect(qs.length).toBeGreaterThan(1);
    for (const q of qs) expect(q.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(qs.join(" ").match(/from:/g)).toHaveLength(60);
  });
});

describe("retry policy", () => {
  it("should double the backoff with jitter between half and all of it, capped", () => {
    const p = { ...RETRY_DEFAULTS, baseMs: 100, maxMs: 1000 };
    expect(backoffMs(p, 1, () => 0)).toBe(50);
    expect(backoffMs(p, 3, () => 0.999999)).toBe(400);
    expect(backoffMs(p, 10, () => 0.5)).toBe(750);
  });

  it("should wait until the reset plus the margin, and never less than the minimum", () => {
    expect(rateLimitWaitMs(RETRY_DEFAULTS, 1_000, 999_500)).toBe(1500);
    expect(rateLimitWaitMs(RETRY_DEFAULTS, 900, 999_500)).toBe(1000);
    expect(rateLimitWaitMs(RETRY_DEFAULTS, undefined, 0)).toBe(60_000);
  });
});
