/**
 * A repository commit's signature, checked with node:crypto
 * (atproto.com/specs/cryptography, /specs/repository, /specs/did): the
 * account's signing key is the `#atproto` verification method of its DID
 * document (did:plc documents come from a PLC directory, default
 * https://plc.directory), a `Multikey` whose `publicKeyMultibase` is
 * base58btc of a multicodec prefix (p256-pub 0x1200, secp256k1-pub 0xe7) and
 * the compressed point. The signature is 64 bytes (r ‖ s, low-S) over the
 * SHA-256 of the DAG-CBOR bytes of the commit without its `sig` field.
 * did:web documents (served by the account's own host) are not resolved.
 */
import { createPublicKey, ECDH, verify, type KeyObject } from "node:crypto";
import { base58btc } from "multiformats/bases/base58";

export const DEFAULT_PLC_URL = "https://plc.directory";

export type KeyCurve = "p256" | "secp256k1";

export interface SigningKey {
  curve: KeyCurve;
  /** As the DID document gives it (`z…`). */
  multibase: string;
  key: KeyObject;
}

const CURVES: Record<KeyCurve, { prefix: [number, number]; openssl: string; jwk: string; order: bigint }> = {
  p256: { prefix: [0x80, 0x24], openssl: "prime256v1", jwk: "P-256", order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  secp256k1: { prefix: [0xe7, 0x01], openssl: "secp256k1", jwk: "secp256k1", order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n },
};

/** A `publicKeyMultibase` (or `did:key:z…`) → the key; throws saying what it is not. */
export function parseMultikey(text: string): SigningKey {
  const multibase = text.startsWith("did:key:") ? text.slice("did:key:".length) : text;
  if (!multibase.startsWith("z")) throw new Error(`the key "${text}" is not base58btc multibase (z…)`);
  let bytes: Uint8Array;
  try {
    bytes = base58btc.decode(multibase);
  } catch (error) {
    throw new Error(`the key "${text}" is not base58btc (${(error as Error).message})`);
  }
  for (const [curve, c] of Object.entries(CURVES) as [KeyCurve, (typeof CURVES)[KeyCurve]][]) {
    if (bytes[0] !== c.prefix[0] || bytes[1] !== c.prefix[1]) continue;
    const point = bytes.subarray(2);
    if (point.length !== 33) throw new Error(`the ${curve} key "${text}" is not a 33-byte compressed point`);
    let full: Buffer;
    try {
      full = ECDH.convertKey(point, c.openssl, undefined, undefined, "uncompressed") as Buffer;
    } catch (error) {
      throw new Error(`the ${curve} key "${text}" is not a point of the curve (${(error as Error).message})`);
    }
    const key = createPublicKey({
      key: { kty: "EC", crv: c.jwk, x: full.subarray(1, 33).toString("base64url"), y: full.subarray(33).toString("base64url") },
      format: "jwk",
    });
    return { curve, multibase, key };
  }
  throw new Error(`the key "${text}" is neither p256 nor secp256k1 (multicodec prefix 0x${Buffer.from(bytes.subarray(0, 2)).toString("hex")})`);
}

/** Whether `sig` (64 bytes r ‖ s, s in the lower half of the order) signs `data` with `key`. */
export function verifySignature(key: SigningKey, data: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
  if (s === 0n || s > CURVES[key.curve].order / 2n) return false; // high-S signatures are refused, as atproto requires
  return verify("sha256", data, { key: key.key, dsaEncoding: "ieee-p1363" }, sig);
}

/** The `#atproto` signing key of a DID document; throws saying what is missing. */
export function signingKeyOf(doc: unknown, did: string): SigningKey {
  const methods = (doc as { verificationMethod?: unknown } | null)?.verificationMethod;
  if (!Array.isArray(methods)) throw new Error(`the DID document of ${did} has no verificationMethod`);
  const m = methods.find((v: { id?: unknown }) => v?.id === "#atproto" || v?.id === `${did}#atproto`) as { type?: unknown; publicKeyMultibase?: unknown } | undefined;
  if (!m) throw new Error(`the DID document of ${did} has no #atproto verification method`);
  if (typeof m.publicKeyMultibase !== "string") throw new Error(`the #atproto verification method of ${did} has no publicKeyMultibase`);
  return parseMultikey(m.publicKeyMultibase);
}

/** Fetches the DID document of a did:plc from the PLC directory at `plcUrl` and returns its signing key. */
export async function resolveSigningKey(did: string, plcUrl: string, timeoutMs = 30_000): Promise<{ key: SigningKey; url: string }> {
  if (!did.startsWith("did:plc:")) throw new Error(`${did} is not a did:plc (only did:plc documents are resolved, from a PLC directory)`);
  const url = `${plcUrl.replace(/\/+$/, "")}/${did}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/did+ld+json, application/json" } });
  } catch (error) {
    throw new Error(`GET ${url}: no response (${(error as Error).message})`);
  }
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  let doc: unknown;
  try {
    doc = await res.json();
  } catch {
    throw new Error(`GET ${url}: the body is not JSON`);
  }
  const id = (doc as { id?: unknown } | null)?.id;
  if (id !== did) throw new Error(`GET ${url}: the document is of ${String(id)}, not ${did}`);
  return { key: signingKeyOf(doc, did), url };
}
