/**
 * A fake Bluesky AppView + PDS (XRPC over HTTP on 127.0.0.1) over a
 * `BskyWorld`. Bodies follow the lexicons of bluesky-social/atproto:
 *  - lexicons/app/bsky/actor/getProfiles.json → `{ profiles: profileViewDetailed[] }` (unknown,
 *    deactivated and taken-down actors are left out, as the AppView does);
 *  - lexicons/app/bsky/graph/getFollows.json, getFollowers.json → `{ subject, follows|followers: profileView[], cursor? }`;
 *  - lexicons/app/bsky/feed/getAuthorFeed.json → `{ feed: feedViewPost[], cursor? }`, with
 *    lexicons/app/bsky/feed/defs.json `#feedViewPost { post, reply?: { root, parent }, reason?: #reasonRepost }`,
 *    `#postView { uri, cid, author: profileViewBasic, record, embed?, indexedAt, ...counts }`;
 *  - lexicons/app/bsky/feed/post.json records: `text, createdAt, facets (richtext/facet.json #mention
 *    { did }, #tag { tag }, #link { uri } over byte ranges), reply { root, parent: strongRef },
 *    embed (embed/record.json, embed/recordWithMedia.json, embed/external.json)`;
 *  - lexicons/app/bsky/feed/searchPosts.json → `{ posts: postView[], cursor? }` (needs a session);
 *  - lexicons/com/atproto/server/createSession.json, refreshSession.json → `{ accessJwt, refreshJwt, handle, did }`;
 *  - errors as XRPC error bodies `{ error, message }`: 400 AccountDeactivated / AccountTakedown /
 *    BlockedByActor / InvalidRequest "Profile not found", 400 ExpiredToken, 401 AuthenticationRequired,
 *    429 RateLimitExceeded;
 *  - the AppView's `ratelimit-limit / -remaining / -reset (epoch s) / -policy` headers on every response.
 * No project code: the tests compare what the collector stores with this world.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { base32, type BskyActor, type BskyPost, type BskyWorld } from "./bluesky-world.ts";
import { FakeHttpServer } from "./http-server.ts";

export type BskyFault = { status: 429; resetInMs: number } | { status: 500 | 502 | 503 } | { malformed: true } | { delayMs: number };

export interface BskyRequest {
  n: number;
  /** The NSID called. */
  nsid: string;
  query: Record<string, string | string[]>;
  authorization: string | undefined;
  status: number;
  /** NSID and sorted query: identifies a page. */
  key: string;
  at: number;
}

export interface BskyFakeOptions {
  /** Largest page served whatever `limit` asks (default: `limit`). */
  pageSize?: number;
  /** Requests per window, then 429 until the window ends (default 3000 per 300 s, never reached). */
  rateLimit?: { limit: number; windowMs: number };
  fault?: (r: BskyRequest) => BskyFault | undefined;
  onRequest?: (r: BskyRequest) => void;
  onResponded?: (r: BskyRequest) => void;
  /** The login the PDS accepts. */
  login?: { identifier: string; password: string };
  /** Access tokens expire after this many uses (400 ExpiredToken; the client refreshes). */
  accessTokenUses?: number;
  /** Echo the request (Authorization header and body) back in every response, as a debugging proxy would. */
  echo?: boolean;
}

const cidOf = (text: string): string => `b${base32(Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), createHash("sha256").update(text).digest()]))}`;
const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString("base64url");
const decodeCursor = (cursor: string | undefined): number => (cursor ? Number(Buffer.from(cursor, "base64url").toString().slice(7)) || 0 : 0);

export class FakeBlueskyServer extends FakeHttpServer<BskyRequest> {
  readonly byDid = new Map<string, BskyActor>();
  private byHandle = new Map<string, BskyActor>();
  private posts = new Map<string, BskyPost>();
  private followsOf = new Map<string, string[]>();
  private followersOf = new Map<string, string[]>();
  private window = { start: 0, count: 0 };
  /** Live tokens: access → uses so far; refresh tokens. */
  private access = new Map<string, number>();
  private refresh = new Set<string>();
  /** Every token the PDS handed out. */
  readonly issuedTokens: string[] = [];

  constructor(
    readonly world: BskyWorld,
    readonly options: BskyFakeOptions = {},
  ) {
    super();
    for (const a of world.actors) this.byDid.set(a.did, a), this.byHandle.set(a.handle, a);
    for (const p of world.posts) this.posts.set(p.uri, p);
    for (const [a, b] of world.follows) {
      (this.followsOf.get(a) ?? this.followsOf.set(a, []).get(a)!).push(b);
      (this.followersOf.get(b) ?? this.followersOf.set(b, []).get(b)!).push(a);
    }
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const nsid = url.pathname.replace(/^\/xrpc\//, "");
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? ([] as string[]).concat(query[k], v) : v;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, string>) : {};
    const key = `${nsid}?${[...url.searchParams.entries()].sort().map(([k, v]) => `${k}=${v}`).join("&")}`;
    const r: BskyRequest = { n: this.requests.length + 1, nsid, query, authorization: req.headers.authorization, status: 0, key, at: Date.now() };
    const fault = this.options.fault?.(r);
    const limit = this.options.rateLimit ?? { limit: 3000, windowMs: 300_000 };
    const now = Date.now();
    if (now >= this.window.start + limit.windowMs) this.window = { start: now, count: 0 };
    const limited = this.window.count >= limit.limit;
    if (!limited) this.window.count++;
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      "ratelimit-limit": String(limit.limit),
      "ratelimit-remaining": String(Math.max(0, limit.limit - this.window.count)),
      "ratelimit-reset": String(Math.ceil((this.window.start + limit.windowMs) / 1000)),
      "ratelimit-policy": `${limit.limit};w=${Math.round(limit.windowMs / 1000)}`,
    };
    let status: number;
    let body: unknown;
    if (fault && "status" in fault) {
      status = fault.status;
      if (fault.status === 429) {
        headers["ratelimit-remaining"] = "0";
        headers["ratelimit-reset"] = String(Math.ceil((now + fault.resetInMs) / 1000));
        body = { error: "RateLimitExceeded", message: "Rate Limit Exceeded" };
      } else body = { error: "InternalServerError", message: "Internal Server Error" };
    } else if (limited) {
      status = 429;
      body = { error: "RateLimitExceeded", message: "Rate Limit Exceeded" };
    } else {
      ({ status, body } = this.route(nsid, query, input, req.headers.authorization));
    }
    if (this.options.echo && typeof body === "object" && body !== null) {
      const echo = `${req.method} ${req.url} authorization=${req.headers.authorization ?? ""} body=${Buffer.concat(chunks).toString()}`;
      body = status === 200 ? { ...body, echo } : { ...body, message: `${(body as { message?: string }).message ?? ""} (${echo})` };
    }
    let text = JSON.stringify(body);
    if (fault && "malformed" in fault) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    r.status = status;
    this.requests.push(r);
    this.options.onRequest?.(r);
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    res.writeHead(status, headers);
    res.end(text, () => this.options.onResponded?.(r));
  }

  private route(nsid: string, q: Record<string, string | string[]>, input: Record<string, string>, auth: string | undefined): { status: number; body: unknown } {
    const one = (k: string): string | undefined => (Array.isArray(q[k]) ? (q[k] as string[])[0] : (q[k] as string | undefined));
    switch (nsid) {
      case "com.atproto.server.createSession":
        return this.createSession(input);
      case "com.atproto.server.refreshSession":
        return this.refreshSession(auth);
      case "app.bsky.actor.getProfiles": {
        const actors = ([] as string[]).concat(q.actors ?? []);
        const profiles = actors.map((a) => this.actor(a)).filter((a): a is BskyActor => a !== undefined && !a.deactivated && !a.takedown);
        return { status: 200, body: { profiles: profiles.map((a) => this.profileDetailed(a)) } };
      }
      case "app.bsky.graph.getFollows":
      case "app.bsky.graph.getFollowers": {
        const a = this.actor(one("actor") ?? "");
        const err = this.unavailable(a, false);
        if (err) return err;
        const all = ((nsid.endsWith("getFollows") ? this.followsOf : this.followersOf).get(a!.did) ?? []).filter((d) => !this.byDid.get(d)?.takedown);
        const { items, cursor } = this.page(all, q);
        const list = items.map((d) => this.profile(this.byDid.get(d)!));
        return { status: 200, body: { subject: this.profile(a!), [nsid.endsWith("getFollows") ? "follows" : "followers"]: list, ...cursor } };
      }
      case "app.bsky.feed.getAuthorFeed": {
        const a = this.actor(one("actor") ?? "");
        const err = this.unavailable(a, true);
        if (err) return err;
        const { items, cursor } = this.page(this.authorFeed(a!), q);
        return { status: 200, body: { feed: items, ...cursor } };
      }
      case "app.bsky.feed.searchPosts": {
        const err = this.checkAccess(auth);
        if (err) return err;
        const term = (one("q") ?? "").toLowerCase();
        const hits = [...this.world.posts].reverse().filter((p) => p.text.toLowerCase().includes(term) && (!one("since") || p.createdAt >= one("since")!));
        const { items, cursor } = this.page(hits, q);
        return { status: 200, body: { posts: items.map((p) => this.postView(p)), ...cursor } };
      }
      default:
        return { status: 501, body: { error: "MethodNotImplemented", message: "Method Not Implemented" } };
    }
  }

  private actor(ref: string): BskyActor | undefined {
    return ref.startsWith("did:") ? this.byDid.get(ref) : this.byHandle.get(ref.toLowerCase());
  }

  private unavailable(a: BskyActor | undefined, feed: boolean): { status: number; body: unknown } | undefined {
    if (!a) return { status: 400, body: { error: "InvalidRequest", message: "Profile not found" } };
    if (a.deactivated) return { status: 400, body: { error: "AccountDeactivated", message: "Account is deactivated" } };
    if (a.takedown) return { status: 400, body: { error: "AccountTakedown", message: "Account has been suspended" } };
    if (feed && a.blocking) return { status: 400, body: { error: "BlockedByActor", message: "Requester is blocked by actor" } };
    return undefined;
  }

  private page<T>(all: readonly T[], q: Record<string, string | string[]>): { items: T[]; cursor: { cursor?: string } } {
    const offset = decodeCursor(q.cursor as string | undefined);
    const size = Math.min(Number(q.limit ?? 50), this.options.pageSize ?? Infinity);
    const items = all.slice(offset, offset + size);
    return { items, cursor: offset + size < all.length ? { cursor: encodeCursor(offset + size) } : {} };
  }

  private basic(a: BskyActor): Record<string, unknown> {
    return { did: a.did, handle: a.handle, displayName: a.displayName, createdAt: "2023-05-01T00:00:00.000Z" };
  }

  private profile(a: BskyActor): Record<string, unknown> {
    return { ...this.basic(a), description: a.description, indexedAt: "2026-01-01T00:00:00.000Z" };
  }

  private profileDetailed(a: BskyActor): Record<string, unknown> {
    return {
      ...this.profile(a),
      followersCount: this.followersOf.get(a.did)?.length ?? 0,
      followsCount: this.followsOf.get(a.did)?.length ?? 0,
      postsCount: this.world.posts.filter((p) => p.author === a.did).length,
    };
  }

  /** The post's record, with facets over the UTF-8 bytes of its text. */
  record(p: BskyPost): Record<string, unknown> {
    let text = p.text;
    const facets: unknown[] = [];
    const add = (piece: string, feature: Record<string, string>): void => {
      text += " ";
      const byteStart = Buffer.byteLength(text);
      text += piece;
      facets.push({ index: { byteStart, byteEnd: Buffer.byteLength(text) }, features: [feature] });
    };
    for (const did of p.mentions) add(`@${this.byDid.get(did)?.handle ?? "handle.invalid"}`, { $type: "app.bsky.richtext.facet#mention", did });
    for (const tag of p.tags) add(`#${tag}`, { $type: "app.bsky.richtext.facet#tag", tag });
    for (const uri of p.links) add(uri, { $type: "app.bsky.richtext.facet#link", uri });
    const record: Record<string, unknown> = { $type: "app.bsky.feed.post", text, createdAt: p.createdAt, langs: ["en"] };
    if (facets.length) record.facets = facets;
    if (p.replyTo) {
      const parent = { uri: p.replyTo, cid: cidOf(p.replyTo) };
      const root = this.root(p.replyTo);
      record.reply = { root: { uri: root, cid: cidOf(root) }, parent };
    }
    const external = p.external ? { uri: p.external, title: "GovTrack", description: "Tracking the U.S. Congress" } : undefined;
    if (p.quoteOf) {
      const ref = { uri: p.quoteOf, cid: cidOf(p.quoteOf) };
      record.embed = p.withMedia
        ? { $type: "app.bsky.embed.recordWithMedia", record: { $type: "app.bsky.embed.record", record: ref }, media: { $type: "app.bsky.embed.external", external: external ?? { uri: "https://www.congress.gov/", title: "Congress", description: "" } } }
        : { $type: "app.bsky.embed.record", record: ref };
    } else if (external) record.embed = { $type: "app.bsky.embed.external", external };
    return record;
  }

  private root(uri: string): string {
    let at = uri;
    for (let p = this.posts.get(at); p?.replyTo; p = this.posts.get(at)) at = p.replyTo;
    return at;
  }

  postView(p: BskyPost): Record<string, unknown> {
    const view: Record<string, unknown> = {
      $type: "app.bsky.feed.defs#postView",
      uri: p.uri,
      cid: cidOf(p.uri),
      author: this.basic(this.byDid.get(p.author)!),
      record: this.record(p),
      replyCount: this.world.posts.filter((x) => x.replyTo === p.uri).length,
      repostCount: this.world.reposts.filter((x) => x.subject === p.uri).length,
      likeCount: 0,
      quoteCount: this.world.posts.filter((x) => x.quoteOf === p.uri).length,
      indexedAt: p.createdAt,
    };
    const quoted = p.quoteOf ? this.posts.get(p.quoteOf) : undefined;
    if (quoted) {
      const viewRecord = { $type: "app.bsky.embed.record#viewRecord", uri: quoted.uri, cid: cidOf(quoted.uri), author: this.basic(this.byDid.get(quoted.author)!), value: this.record(quoted), indexedAt: quoted.createdAt };
      view.embed = p.withMedia
        ? { $type: "app.bsky.embed.recordWithMedia#view", record: { record: viewRecord }, media: { $type: "app.bsky.embed.external#view", external: { uri: p.external ?? "https://www.congress.gov/", title: "Congress", description: "" } } }
        : { $type: "app.bsky.embed.record#view", record: viewRecord };
    }
    return view;
  }

  private refView(uri: string): Record<string, unknown> {
    const p = this.posts.get(uri);
    return p ? this.postView(p) : { $type: "app.bsky.feed.defs#notFoundPost", uri, notFound: true };
  }

  /** The actor's posts and reposts, newest first (`#feedViewPost`). */
  authorFeed(a: BskyActor): Record<string, unknown>[] {
    const items: { at: string; item: Record<string, unknown> }[] = [];
    for (const p of this.world.posts) {
      if (p.author !== a.did) continue;
      const item: Record<string, unknown> = { post: this.postView(p) };
      if (p.replyTo) item.reply = { root: this.refView(this.root(p.replyTo)), parent: this.refView(p.replyTo) };
      items.push({ at: p.createdAt, item });
    }
    for (const r of this.world.reposts) {
      const subject = r.by === a.did ? this.posts.get(r.subject) : undefined;
      if (!subject) continue;
      const reason = { $type: "app.bsky.feed.defs#reasonRepost", by: this.basic(a), uri: r.uri, cid: cidOf(r.uri), indexedAt: r.createdAt };
      items.push({ at: r.createdAt, item: { post: this.postView(subject), reason } });
    }
    return items.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0)).map((x) => x.item);
  }

  private issue(): { accessJwt: string; refreshJwt: string } {
    const accessJwt = `eyJhbGciOiJFUzI1NksifQ.${randomBytes(24).toString("base64url")}.acc${randomBytes(8).toString("hex")}`;
    const refreshJwt = `eyJhbGciOiJFUzI1NksifQ.${randomBytes(24).toString("base64url")}.ref${randomBytes(8).toString("hex")}`;
    this.access.set(accessJwt, 0);
    this.refresh.add(refreshJwt);
    this.issuedTokens.push(accessJwt, refreshJwt);
    return { accessJwt, refreshJwt };
  }

  private createSession(input: Record<string, string>): { status: number; body: unknown } {
    const login = this.options.login;
    if (!login || input.identifier !== login.identifier || input.password !== login.password) {
      return { status: 401, body: { error: "AuthenticationRequired", message: "Invalid identifier or password" } };
    }
    return { status: 200, body: { ...this.issue(), handle: login.identifier, did: "did:plc:researcher2222222222222222".slice(0, 32), active: true } };
  }

  private refreshSession(auth: string | undefined): { status: number; body: unknown } {
    const token = auth?.replace(/^Bearer /, "") ?? "";
    if (!this.refresh.delete(token)) return { status: 400, body: { error: "ExpiredToken", message: "Token has been revoked" } };
    return { status: 200, body: { ...this.issue(), handle: this.options.login!.identifier, did: "did:plc:researcher2222222222222222".slice(0, 32), active: true } };
  }

  private checkAccess(auth: string | undefined): { status: number; body: unknown } | undefined {
    const token = auth?.replace(/^Bearer /, "") ?? "";
    const uses = this.access.get(token);
    if (uses === undefined) return { status: 401, body: { error: "AuthenticationRequired", message: "Authentication Required" } };
    if (this.options.accessTokenUses !== undefined && uses >= this.options.accessTokenUses) {
      return { status: 400, body: { error: "ExpiredToken", message: "Token has expired" } };
    }
    this.access.set(token, uses + 1);
    return undefined;
  }
}
