/**
 * A fake Twitter API v2 on 127.0.0.1 (node:http) over a world the test
 * defines: users, follows, tweets. Response shapes copied from recorded
 * responses (data/fixtures/twitter/: tweepy's cassettes and twarc's files):
 * `data`, `includes.users/tweets`, `errors` problems, `meta.next_token`,
 * `x-rate-limit-*` headers, problem+json errors.
 *
 * Serves GET /2/users/by, /2/users/:id/following|followers|tweets|mentions,
 * /2/tweets/search/recent. Faults are injected per request by `fault()`;
 * rate limits per endpoint by `rateLimit`. Every request is logged.
 */
import http from "node:http";
import { FakeHttpServer } from "./http-server.ts";

export interface FakeUser {
  id: string;
  username: string;
  name: string;
  description?: string;
  followers?: number;
  protected?: boolean;
  suspended?: boolean;
}

export interface FakeTweet {
  id: string;
  author: string;
  text: string;
  createdAt: string;
  /** Usernames mentioned. */
  mentions?: string[];
  hashtags?: string[];
  urls?: string[];
  replyTo?: string;
  retweetOf?: string;
  quoteOf?: string;
}

export interface FakeWorld {
  users: FakeUser[];
  /** [follower id, followed id]. */
  follows: [string, string][];
  tweets?: FakeTweet[];
}

export type Fault =
  | { status: 429; resetInMs: number }
  | { status: 503 }
  | { status: 401 }
  | { status: 403 }
  | { malformed: true }
  | { delayMs: number };

export interface FakeRequest {
  /** 1-based. */
  n: number;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  status: number;
  /** Path and query, without volatile parts: identifies a page. */
  key: string;
  at: number;
}

export interface FakeOptions {
  token: string;
  /** Largest page served whatever max_results asks (default: max_results). */
  pageSize?: number;
  /** Per endpoint template: `limit` requests per `windowMs`, then 429 until the window ends. */
  rateLimit?: { limit: number; windowMs: number };
  /** Fault for request `r` (not yet logged), or undefined to serve it normally. */
  fault?: (r: FakeRequest) => Fault | undefined;
  /** Mentions carry no `id` (older archives): clients resolve them through includes.users. */
  mentionsWithoutId?: boolean;
  /** Called once a request is logged (after its fault is decided, before the response). */
  onRequest?: (r: FakeRequest) => void;
  /** Called once the response has been handed to the socket. */
  onResponded?: (r: FakeRequest) => void;
  /**
   * Echo the request back, as debugging proxies do: a 200 page gets an
   * `echo` member, an error's `detail` ends with the request line and its
   * headers (the bearer token included).
   */
  echo?: boolean;
}

interface RateHeaders {
  limited: boolean;
  "x-rate-limit-limit": string;
  "x-rate-limit-remaining": string;
  "x-rate-limit-reset": string;
}

const NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found";

export class FakeTwitterServer extends FakeHttpServer<FakeRequest> {
  private windows = new Map<string, { start: number; count: number }>();
  private byId = new Map<string, FakeUser>();
  private byName = new Map<string, FakeUser>();
  private tweets = new Map<string, FakeTweet>();

  constructor(
    readonly world: FakeWorld,
    readonly options: FakeOptions,
  ) {
    super();
    for (const u of world.users) {
      this.byId.set(u.id, u);
      this.byName.set(u.username.toLowerCase(), u);
    }
    for (const t of world.tweets ?? []) this.tweets.set(t.id, t);
  }




  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams.entries());
    const key = `${url.pathname}?${[...url.searchParams.entries()].sort().map(([k, v]) => `${k}=${v}`).join("&")}`;
    const r: FakeRequest = {
      n: this.requests.length + 1,
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      status: 0,
      key,
      at: Date.now(),
    };
    const fault = this.options.fault?.(r);
    const bucket = url.pathname.replace(/\/users\/\d+\//, "/users/:id/");
    const rl = this.rateHeaders(bucket, fault === undefined || "delayMs" in fault);
    let status = 200;
    let body: string;
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      status = 401;
      body = JSON.stringify({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" });
    } else if (fault && "status" in fault) {
      status = fault.status;
      if (fault.status === 429) rl["x-rate-limit-reset"] = String(Math.ceil((Date.now() + fault.resetInMs) / 1000));
      if (fault.status === 429) rl["x-rate-limit-remaining"] = "0";
      body = JSON.stringify(problem(fault.status));
    } else if (rl.limited) {
      status = 429;
      body = JSON.stringify(problem(429));
    } else {
      const result = this.route(url.pathname, query);
      status = result.status;
      body = JSON.stringify(result.body);
      if (fault && "malformed" in fault) body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    }
    if (this.options.echo) body = echoed(body, status, req);
    r.status = status;
    this.requests.push(r);
    this.options.onRequest?.(r);
    if (fault && "delayMs" in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const headers: Record<string, string> = {
      "content-type": status === 200 ? "application/json; charset=utf-8" : "application/problem+json",
      "x-rate-limit-limit": rl["x-rate-limit-limit"],
      "x-rate-limit-remaining": rl["x-rate-limit-remaining"],
      "x-rate-limit-reset": rl["x-rate-limit-reset"],
    };
    if (res.destroyed) return;
    res.writeHead(status, headers);
    res.end(body, () => this.options.onResponded?.(r));
  }

  /** Counts the request in its endpoint's window; `limited` when over the limit. */
  private rateHeaders(bucket: string, count: boolean): RateHeaders {
    const limit = this.options.rateLimit;
    const now = Date.now();
    if (!limit) {
      return { limited: false, "x-rate-limit-limit": "15", "x-rate-limit-remaining": "14", "x-rate-limit-reset": String(Math.ceil(now / 1000) + 900) };
    }
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + limit.windowMs) this.windows.set(bucket, (w = { start: now, count: 0 }));
    const limited = w.count >= limit.limit;
    if (count && !limited) w.count++;
    return {
      limited,
      "x-rate-limit-limit": String(limit.limit),
      "x-rate-limit-remaining": String(Math.max(0, limit.limit - w.count)),
      "x-rate-limit-reset": String(Math.ceil((w.start + limit.windowMs) / 1000)),
    };
  }

  private route(path: string, q: Record<string, string>): { status: number; body: unknown } {
    let m: RegExpMatchArray | null;
    if (path === "/2/users/by") return { status: 200, body: this.usersBy((q.usernames ?? "").split(",")) };
    if ((m = path.match(/^\/2\/users\/(\w+)\/(following|followers)$/))) return this.follows(m[1], m[2], q);
    if ((m = path.match(/^\/2\/users\/(\w+)\/(tweets|mentions)$/))) return this.timeline(m[1], m[2], q);
    if (path === "/2/tweets/search/recent") return { status: 200, body: this.tweetPage(this.search(q.query ?? ""), q, "next_token") };
    return { status: 404, body: problem(404) };
  }

  private userJson(u: FakeUser): Record<string, unknown> {
    return {
      id: u.id,
      name: u.name,
      username: u.username,
      description: u.description ?? "",
      protected: u.protected === true,
      created_at: "2020-01-01T00:00:00.000Z",
      public_metrics: {
        followers_count: u.followers ?? this.world.follows.filter((f) => f[1] === u.id).length,
        following_count: this.world.follows.filter((f) => f[0] === u.id).length,
        tweet_count: (this.world.tweets ?? []).filter((t) => t.author === u.id).length,
        listed_count: 0,
      },
    };
  }

  private usersBy(names: string[]): unknown {
    const data: unknown[] = [];
    const errors: unknown[] = [];
    for (const name of names) {
      const u = this.byName.get(name.toLowerCase());
      if (u && !u.suspended) data.push(this.userJson(u));
      else if (u?.suspended) {
        errors.push({ value: name, detail: `User has been suspended: [${name}].`, title: "Forbidden", resource_type: "user", parameter: "usernames", resource_id: name, type: NOT_FOUND });
      } else {
        errors.push({ value: name, detail: `Could not find user with usernames: [${name}].`, title: "Not Found Error", resource_type: "user", parameter: "usernames", resource_id: name, type: NOT_FOUND });
      }
    }
    return { ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}) };
  }

  /** Problems for an account that cannot be read, as the API returns them (status 200, `errors` only). */
  private accountProblem(id: string): unknown | null {
    const u = this.byId.get(id);
    if (!u) {
      return { errors: [{ value: id, detail: `Could not find user with id: [${id}].`, title: "Not Found Error", resource_type: "user", parameter: "id", resource_id: id, type: NOT_FOUND }] };
    }
    if (u.suspended) {
      return { errors: [{ value: id, detail: `User has been suspended: [${id}].`, title: "Forbidden", resource_type: "user", parameter: "id", resource_id: id, type: NOT_FOUND }] };
    }
    if (u.protected) {
      return {
        errors: [{ value: id, detail: `Sorry, you are not authorized to see the user with id: [${id}].`, title: "Authorization Error", resource_type: "user", parameter: "id", resource_id: id, type: "https://api.twitter.com/2/problems/not-authorized-for-resource" }],
      };
    }
    return null;
  }

  private follows(id: string, which: string, q: Record<string, string>): { status: number; body: unknown } {
    const p = this.accountProblem(id);
    if (p) return { status: 200, body: p };
    const ids = which === "following" ? this.world.follows.filter((f) => f[0] === id).map((f) => f[1]) : this.world.follows.filter((f) => f[1] === id).map((f) => f[0]);
    const users = ids.map((i) => this.byId.get(i)).filter((u): u is FakeUser => u !== undefined && !u.suspended);
    const { slice, next } = this.paginate(users, q, "pagination_token", 1000);
    return { status: 200, body: { ...(slice.length ? { data: slice.map((u) => this.userJson(u)) } : {}), meta: { result_count: slice.length, ...(next ? { next_token: next } : {}) } } };
  }

  private timeline(id: string, which: string, q: Record<string, string>): { status: number; body: unknown } {
    const p = this.accountProblem(id);
    if (p) return { status: 200, body: p };
    const u = this.byId.get(id)!;
    const tweets = (this.world.tweets ?? []).filter((t) => (which === "tweets" ? t.author === id : this.mentionedIn(t).includes(u.username.toLowerCase())));
    return { status: 200, body: this.tweetPage(newestFirst(tweets), q, "pagination_token") };
  }

  private mentionedIn(t: FakeTweet): string[] {
    const names = (t.mentions ?? []).map((m) => m.toLowerCase());
    if (t.retweetOf) {
      const orig = this.tweets.get(t.retweetOf);
      const a = orig && this.byId.get(orig.author);
      if (a) names.unshift(a.username.toLowerCase());
    }
    return names;
  }

  private search(query: string): FakeTweet[] {
    const terms = query.replace(/^\(|\)$/g, "").split(/\s+OR\s+/).map((t) => t.trim().toLowerCase());
    const hit = (t: FakeTweet): boolean =>
      terms.some((term) => {
        if (term.startsWith("from:")) return this.byId.get(t.author)?.username.toLowerCase() === term.slice(5);
        if (term.startsWith("@")) return this.mentionedIn(t).includes(term.slice(1));
        if (term.startsWith("#")) return (t.hashtags ?? []).some((h) => h.toLowerCase() === term.slice(1));
        return t.text.toLowerCase().includes(term);
      });
    return newestFirst((this.world.tweets ?? []).filter(hit));
  }

  private tweetJson(t: FakeTweet): Record<string, unknown> {
    const entities: Record<string, unknown> = {};
    const names = this.mentionedIn(t);
    if (names.length) {
      entities.mentions = names.map((n, i) => {
        const u = this.byName.get(n);
        return { start: i * 10, end: i * 10 + n.length + 1, username: u?.username ?? n, ...(u && !this.options.mentionsWithoutId ? { id: u.id } : {}) };
      });
    }
    if (t.hashtags?.length) entities.hashtags = t.hashtags.map((tag) => ({ start: 0, end: tag.length + 1, tag }));
    if (t.urls?.length) entities.urls = t.urls.map((u) => ({ start: 0, end: 23, url: "https://t.co/xxxxxxxx", expanded_url: u, display_url: u.replace(/^https?:\/\//, "") }));
    const refs: { type: string; id: string }[] = [];
    if (t.retweetOf) refs.push({ type: "retweeted", id: t.retweetOf });
    if (t.quoteOf) refs.push({ type: "quoted", id: t.quoteOf });
    if (t.replyTo) refs.push({ type: "replied_to", id: t.replyTo });
    const replyAuthor = t.replyTo ? this.tweets.get(t.replyTo)?.author : undefined;
    return {
      edit_history_tweet_ids: [t.id],
      id: t.id,
      text: t.text,
      author_id: t.author,
      created_at: t.createdAt,
      conversation_id: t.id,
      lang: "en",
      public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 },
      ...(Object.keys(entities).length ? { entities } : {}),
      ...(refs.length ? { referenced_tweets: refs } : {}),
      ...(replyAuthor ? { in_reply_to_user_id: replyAuthor } : {}),
    };
  }

  private tweetPage(all: FakeTweet[], q: Record<string, string>, tokenName: string): unknown {
    const since = q.start_time ? Date.parse(q.start_time) : -Infinity;
    const tweets = all.filter((t) => Date.parse(t.createdAt) >= since);
    const { slice, next } = this.paginate(tweets, q, tokenName, 100);
    const users = new Map<string, FakeUser>();
    const included = new Map<string, FakeTweet>();
    const addUser = (id: string | undefined): void => {
      const u = id && this.byId.get(id);
      if (u && !u.suspended) users.set(u.id, u);
    };
    for (const t of slice) {
      addUser(t.author);
      for (const n of this.mentionedIn(t)) addUser(this.byName.get(n)?.id);
      for (const ref of [t.retweetOf, t.quoteOf, t.replyTo]) {
        const r = ref && this.tweets.get(ref);
        if (r) {
          included.set(r.id, r);
          addUser(r.author);
        }
      }
    }
    const meta: Record<string, unknown> = { result_count: slice.length };
    if (slice.length) {
      meta.newest_id = slice[0].id;
      meta.oldest_id = slice[slice.length - 1].id;
    }
    if (next) meta.next_token = next;
    return {
      ...(slice.length ? { data: slice.map((t) => this.tweetJson(t)) } : {}),
      ...(slice.length ? { includes: { users: [...users.values()].map((u) => this.userJson(u)), ...(included.size ? { tweets: [...included.values()].map((t) => this.tweetJson(t)) } : {}) } } : {}),
      meta,
    };
  }

  private paginate<T>(items: T[], q: Record<string, string>, tokenName: string, max: number): { slice: T[]; next: string | null } {
    const token = q[tokenName];
    const offset = token ? Number.parseInt(token.replace(/^tok/, ""), 36) : 0;
    const asked = Math.min(max, Number(q.max_results ?? max));
    const size = Math.min(asked, this.options.pageSize ?? asked);
    const slice = items.slice(offset, offset + size);
    const next = offset + size < items.length ? `tok${(offset + size).toString(36)}` : null;
    return { slice, next };
  }
}

function newestFirst(tweets: FakeTweet[]): FakeTweet[] {
  return [...tweets].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0));
}

function problem(status: number): Record<string, unknown> {
  if (status === 403) {
    // As the API answers an app whose access level lacks the endpoint.
    return {
      detail: "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.",
      title: "Client Forbidden",
      required_enrollment: "Appropriate Level of API Access",
      reason: "client-not-enrolled",
      type: "https://api.twitter.com/2/problems/client-forbidden",
    };
  }
  const title: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 503: "Service Unavailable" };
  return { title: title[status] ?? "Error", detail: title[status] ?? "Error", type: "about:blank", status };
}

/** `body` with the request echoed into it (see `FakeOptions.echo`); a body that is not a JSON object is kept. */
function echoed(body: string, status: number, req: http.IncomingMessage): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return body;
  const echo = { method: req.method, url: req.url, headers: req.headers };
  if (status === 200) return JSON.stringify({ ...json, echo });
  const problem = json as Record<string, unknown>;
  return JSON.stringify({ ...problem, detail: `${String(problem.detail ?? "")} (request: ${JSON.stringify(echo)})` });
}
