/**
 * A small file carried by a share link: its bytes gzip-compressed
 * (`CompressionStream`) and base64url-encoded in the URL hash, next to the
 * view state (`embedname=NAME&embed=DATA`). The page opened from such a link
 * reads the file back as if it had been opened there. Pure (no DOM): runs
 * under Node too.
 */

/** Longest embedded data (base64url characters) a link carries; bigger files cannot travel in a link. */
export const EMBED_MAX_CHARS = 200_000;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("viz: the link's embedded file is damaged (not base64url)");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `bytes` gzip-compressed, base64url. */
export async function packFile(bytes: Uint8Array): Promise<string> {
  return toBase64url(await pipe(bytes, new CompressionStream("gzip")));
}

/** The bytes `packFile` packed. */
export async function unpackFile(data: string): Promise<Uint8Array> {
  try {
    return await pipe(fromBase64url(data), new DecompressionStream("gzip"));
  } catch (error) {
    throw new Error(`viz: the link's embedded file is damaged (${(error as Error).message})`);
  }
}

/** The hash (without `#`) of a link carrying `data` (from `packFile`) as `name`, after the view state's hash. */
export function embedHash(stateHash: string, name: string, data: string): string {
  const p = new URLSearchParams();
  p.set("embedname", name);
  return `${stateHash ? `${stateHash}&` : ""}${p.toString()}&embed=${data}`;
}

/** The file a hash carries, and the rest of the hash (the view state); `null` when it carries none. */
export function readEmbed(hash: string): { name: string; data: string; rest: string } | null {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const data = p.get("embed");
  const name = p.get("embedname");
  if (!data || !name) return null;
  p.delete("embed");
  p.delete("embedname");
  return { name: name.replace(/^.*[\\/]/, "").slice(0, 200) || "shared", data, rest: p.toString() };
}
