import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classifyYoutubeError } from "../../src/collect/youtube/client.ts";
import { accountFromAuthor, accountFromChannel, mentionedHandles, recordsFromComment } from "../../src/collect/youtube/records.ts";
import type { YtChannel, YtComment, YtCommentThread, YtListResponse } from "../../src/collect/youtube/types.ts";
import { atlas } from "../fakes/cli.ts";
import { ch, IDS } from "../fakes/youtube-world.ts";
import { edgeSet, tempDir } from "./helpers.ts";

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../data/fixtures/youtube/${name}`, import.meta.url), "utf8")) as T;

describe("YouTube records from recorded responses", () => {
  it("should read a channel as an account: title, handle, subscribers, uploads playlist", () => {
    const [google] = fixture<YtListResponse<YtChannel>>("channels.json").items!;
    expect(accountFromChannel(google)).toMatchObject({
      id: "UCK8sQmJBp8GCxrOtXWBpyEA",
      name: "Google",
      handle: "google",
      followers: 10_700_000,
      posts: 2678,
      extra: { uploads: "UUK8sQmJBp8GCxrOtXWBpyEA", views: 3_331_930_783, publishedAt: "2005-09-18T22:37:10Z" },
    });
  });

  it("should key a comment by its author's channel id, with a comments edge to the video's channel", () => {
    const [thread] = fixture<YtListResponse<YtCommentThread>>("comment_threads.json").items!;
    const top = thread.snippet!.topLevelComment!;
    expect(accountFromAuthor(top)).toEqual({ id: "UCzj-CjKYmGlZ7vTL-vOe57A", name: "himani agarwal" });
    const r = recordsFromComment(top, "F1UP7wRCPH8", { id: "UC_x5XG1OV2P6uZZ5FSM9Ttw", kind: "comments" }, () => null);
    expect(r.edges).toEqual([
      { source: "UCzj-CjKYmGlZ7vTL-vOe57A", target: "UC_x5XG1OV2P6uZZ5FSM9Ttw", kind: "comments", item: "UgyZ1jqkHKYvi1-ruOZ4AaABAg", at: "2019-11-26T15:51:44.000Z" },
    ]);
    expect(r.post).toMatchObject({ id: "UgyZ1jqkHKYvi1-ruOZ4AaABAg", text: "Google.com", extra: { videoId: "F1UP7wRCPH8" } });
  });

  it("should point a reply at the author replied to and keep its parent", () => {
    const [reply] = fixture<YtListResponse<YtComment>>("comments_by_parent.json").items!;
    const r = recordsFromComment(reply, "v", { id: "UCparent", kind: "replies" }, () => null);
    expect(r.edges).toEqual([{ source: "UCNvMBmCASzTNNX8lW3JRMbw", target: "UCparent", kind: "replies", item: reply.id, at: "2019-12-01T04:46:31.000Z" }]);
    expect(r.post?.referenced).toEqual([{ type: "replied_to", id: "Ugw5zYU6n9pmIgAZWvN4AaABAg", authorId: "UCparent" }]);
  });

  it("should find @handles in text but not e-mail addresses or short words", () => {
    expect(mentionedHandles("hi @Bob. and mail a@b.com, @x, @Bob again, @lee_99")).toEqual(["bob", "lee_99"]);
  });

  it("should classify the recorded keyInvalid error as a refused key", () => {
    const f = classifyYoutubeError({ response: { status: 400, data: fixture("error_key_invalid.json") } });
    expect(f).toMatchObject({ kind: "auth", status: 400, reason: "keyInvalid", message: "Bad Request" });
    expect(classifyYoutubeError({ response: { status: 403, data: { error: { code: 403, message: "m", errors: [{ reason: "commentsDisabled" }] } } } }).kind).toBe("skip");
    expect(classifyYoutubeError({ response: { status: 403, data: { error: { code: 403, message: "m", errors: [{ reason: "quotaExceeded" }] } } } }).kind).toBe("quota");
    expect(classifyYoutubeError({ code: "ECONNRESET" })).toMatchObject({ kind: "transient", status: 0, message: "no response (ECONNRESET)" });
  });
});

describe("atlas import ytdt", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => void (tmp = tempDir()));
  afterEach(() => tmp.cleanup());
  const { A, B, K, L } = IDS;

  it("should import a channel network GDF keyed by channel id, seeds marked, edges as links", async () => {
    const gdf = join(tmp.dir, "channelnet_seeds1_nodes3.gdf");
    writeFileSync(
      gdf,
      "nodedef>name VARCHAR,label VARCHAR,isSeed VARCHAR,seedRank INT,subscriberCount INT,videoCount INT,viewCount INT\n" +
        `${A},Alice Science,1,1,50000,3,1000\n${B},Bob Builds,,,9000,1,10\n${ch("carol")},Carol Chem,,,,,\n` +
        `edgedef>node1 VARCHAR,node2 VARCHAR\n${A},${B}\n${B},${A}\n${A},${ch("carol")}\n`,
    );
    const db = join(tmp.dir, "a.db");
    const r = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/channel network, 3 channels, 3 new edges/);
    expect(edgeSet(db, "net")).toEqual([`${A}>${B}:links*1`, `${A}>${ch("carol")}:links*1`, `${B}>${A}:links*1`].sort());
    const out = join(tmp.dir, "net.json");
    await atlas(["export", "--niche", "net", "--db", db, "--out", out]);
    const nodes = (JSON.parse(readFileSync(out, "utf8")) as { nodes: { key: string; attributes: Record<string, unknown> }[] }).nodes;
    expect(nodes.find((n) => n.key === `yt:${A}`)?.attributes).toMatchObject({ label: "Alice Science", followers: 50000 });
    const again = await atlas(["import", "ytdt", gdf, "--niche", "net", "--db", db]);
    expect(again.out).toMatch(/0 new edges/);
  });

  it("should import a comments table by channel id, then resolve a name-keyed comment network through it", async () => {
    const base = join(tmp.dir, "videoinfo_vid1aaaaaaa_2024_01_02-10_00_00");
    writeFileSync(`${base}_basicinfo.tab`, `id\tvid1aaaaaaa\npublished\t2024-01-01 12:00:00\ntitle\tWhy the sky is blue\nchannelId\t${A}\nchannelTitle\tAlice Science\n`);
    const header = "id\treplyCount\tlikeCount\tpublishedAt\tauthorName\ttext\tauthorChannelId\tauthorChannelUrl\tisReply\tisReplyTo\tisReplyToName";
    const rows = [
      `c1\t1\t3\t2024-01-02 10:00:00\t@kim\tgreat, @bob should see this\t${K}\thttp://www.youtube.com/channel/${K}\t0\t\t`,
      `c1.r1\t\t0\t2024-01-02 11:00:00\t@lee\tagreed\t${L}\thttp://www.youtube.com/channel/${L}\t1\tc1\t@kim`,
      `c2\t0\t0\t2024-01-02 12:00:00\t@bob\t@alice hi\t${B}\thttp://www.youtube.com/channel/${B}\t0\t\t`,
      "broken\trow",
    ];
    writeFileSync(`${base}_comments.tab`, [header, ...rows].join("\n") + "\n");
    writeFileSync(`${base}_commentnetwork.gdf`, "nodedef>name VARCHAR,label VARCHAR,commentCount INT\n@kim,@kim,1\n@lee,@lee,1\n@ghost,@ghost,0\nedgedef>node1 VARCHAR,node2 VARCHAR,weight INT\n@lee,@kim,2\n@ghost,@kim,1\n");
    const db = join(tmp.dir, "c.db");
    const r = await atlas(["import", "ytdt", `${base}_comments.tab`, `${base}_commentnetwork.gdf`, "--niche", "talk", "--db", db]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/_comments\.tab:5: 2 cells where the header has 11; the row was skipped/);
    expect(r.out).toMatch(/comments, 4 channels, 3 comments, 4 new edges; 1 malformed rows \(line 5\); 1 mentions of unknown handles/);
    expect(r.out).toMatch(/comment network, 3 channels, 0 new edges; 1 names matched no channel of the niche \(@ghost\); 1 edges skipped/);
    // lee → kim: one reply in the table; the network says 2, so it tops the edge up to 2 (not 1 + 2).
    expect(edgeSet(db, "talk")).toEqual(
      [`${K}>${A}:comments*1`, `${K}>${B}:mentions*1`, `${L}>${K}:replies*2`, `${B}>${A}:comments*1`].sort(),
    );
  });
});
