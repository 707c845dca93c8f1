/**
 * Profile links and handles. Node attributes come from social-media profiles
 * and are untrusted: a link is built ONLY from the platform's URL pattern
 * (chosen by the node key's prefix) and an id or handle that matches the
 * platform's own syntax; a URL found in the data is never used.
 */

/** Attributes that may hold a handle, in order of preference. */
export const HANDLE_ATTRIBUTES = ["handle", "username", "screenName", "screen_name", "customUrl"] as const;

const TWITTER_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
const TWITTER_ID = /^[0-9]{1,20}$/;
const YOUTUBE_CHANNEL = /^UC[A-Za-z0-9_-]{22}$/;

/** The node's handle (without `@`), or `null`. */
export function nodeHandle(attrs: Record<string, unknown>): string | null {
  for (const name of HANDLE_ATTRIBUTES) {
    const v = attrs[name];
    if (typeof v === "string" && v.trim() !== "") return v.trim().replace(/^@/, "");
  }
  return null;
}

export interface ProfileLink {
  platform: "X (Twitter)" | "YouTube";
  url: string;
}

/** Values of a node's `platform` attribute naming X (Twitter). */
const TWITTER_PLATFORMS = new Set(["twitter", "x"]);

/**
 * The profile link of node `key`: `tw:<id>` → `https://x.com/<handle>` (or
 * `https://x.com/i/user/<id>` without a valid handle); `yt:<channel id>` →
 * `https://www.youtube.com/channel/<id>`. A key without a platform prefix
 * links to `https://x.com/<handle>` only when the node's `platform` attribute
 * is `twitter` or `x` and its handle is valid (the demo's Congress accounts).
 * Any other key, or an id/handle not matching the platform's syntax, has no link.
 */
export function profileLink(key: string, attrs: Record<string, unknown>): ProfileLink | null {
  if (key.startsWith("tw:")) {
    const id = key.slice(3);
    const handle = nodeHandle(attrs);
    if (handle !== null && TWITTER_HANDLE.test(handle)) return { platform: "X (Twitter)", url: `https://x.com/${handle}` };
    if (TWITTER_ID.test(id)) return { platform: "X (Twitter)", url: `https://x.com/i/user/${id}` };
    return null;
  }
  if (key.startsWith("yt:")) {
    const id = key.slice(3);
    if (YOUTUBE_CHANNEL.test(id)) return { platform: "YouTube", url: `https://www.youtube.com/channel/${id}` };
    return null;
  }
  const platform = typeof attrs.platform === "string" ? attrs.platform.toLowerCase() : "";
  if (TWITTER_PLATFORMS.has(platform)) {
    const handle = nodeHandle(attrs);
    if (handle !== null && TWITTER_HANDLE.test(handle)) return { platform: "X (Twitter)", url: `https://x.com/${handle}` };
  }
  return null;
}
