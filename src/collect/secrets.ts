/**
 * Scrubbing the secrets of a run (the bearer token, the API key) from
 * whatever a server sends back, before it is stored or printed: a server
 * or proxy may echo the request (its headers, its URL with `key=`) in a
 * page or an error message.
 */

/** Replaces every form of the run's secrets in a text by `***`. */
export type Scrub = (text: string) => string;

/** What a secret is replaced with. */
export const SCRUBBED = "***";

/** Secrets shorter than this are not scrubbed (they would mangle ordinary text; no real token is that short). */
const MIN_SECRET_LENGTH = 6;

/**
 * The scrubber of `secrets`: it replaces each as given, URL-encoded,
 * URL-decoded and JSON-escaped (as an echoed header, query or JSON body
 * carries it), longest form first. Empty or missing secrets are ignored.
 */
export function secretScrubber(secrets: readonly (string | undefined)[]): Scrub {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    const variants = [secret, encodeURIComponent(secret), safeDecode(secret)];
    for (const v of variants) {
      if (v === null) continue;
      forms.add(v);
      forms.add(JSON.stringify(v).slice(1, -1));
    }
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(SCRUBBED);
    return out;
  };
}

/**
 * A scrubber of secrets that appear during a run (session tokens after a
 * login or a refresh): `secrets()` is read at each call, and the scrubber
 * rebuilt when it returns something new.
 */
export function liveScrubber(secrets: () => readonly (string | undefined)[]): Scrub {
  let key = "";
  let scrub: Scrub = (text) => text;
  return (text) => {
    const now = secrets();
    const k = now.join("\u0000");
    if (k !== key) {
      key = k;
      scrub = secretScrubber(now);
    }
    return scrub(text);
  };
}

/**
 * `value` (data parsed from JSON) with every secret scrubbed from its
 * strings and keys: a copy where something changed, the same value
 * (and objects) where nothing did.
 */
export function scrubJson<T>(value: T, scrub: Scrub): T {
  if (typeof value === "string") return scrub(value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = scrubJson(value[i] as unknown, scrub);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | null = null;
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const key = scrub(k);
    const clean = scrubJson(v, scrub);
    if (key !== k || clean !== v) {
      // fromEntries defines own properties: a `__proto__` key stays a key.
      copy = Object.fromEntries(entries.map(([k2, v2]) => [scrub(k2), scrubJson(v2, scrub)]));
      break;
    }
  }
  return (copy ?? value) as T;
}

/**
 * `error` with the secrets scrubbed from its message and stack (in place,
 * so that its class and fields stay), for errors that are about to be
 * printed. Non-errors are returned as they are.
 */
export function scrubError(error: unknown, scrub: Scrub): unknown {
  if (!(error instanceof Error)) return error;
  const message = scrub(error.message);
  const stack = error.stack === undefined ? undefined : scrub(error.stack);
  if (message !== error.message) error.message = message;
  if (stack !== error.stack) error.stack = stack;
  return error;
}

function safeDecode(text: string): string | null {
  try {
    const decoded = decodeURIComponent(text);
    return decoded === text ? null : decoded;
  } catch {
    return null;
  }
}
