/**
 * A fake PLC directory (`GET /<did>` → the DID document, as plc.directory
 * serves it: `id`, `alsoKnownAs`, `verificationMethod` with the `#atproto`
 * `Multikey`, `service`), and repository signing keys made with node:crypto:
 * `publicKeyMultibase` = base58btc(multicodec prefix ‖ compressed point),
 * signatures 64 bytes r ‖ s over SHA-256, normalised to low-S
 * (atproto.com/specs/cryptography). No project code.
 */
import { ECDH, generateKeyPairSync, sign } from "node:crypto";
import type http from "node:http";
import { base58btc } from "multiformats/bases/base58";
import { FakeHttpServer } from "./http-server.ts";

const CURVES = {
  secp256k1: { prefix: [0xe7, 0x01], order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n, openssl: "secp256k1" },
  p256: { prefix: [0x80, 0x24], order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, openssl: "prime256v1" },
} as const;

export interface RepoKey {
  curve: keyof typeof CURVES;
  /** `z…` */
  multibase: string;
  sign(bytes: Uint8Array): Uint8Array;
}

export function repoSigningKey(curve: keyof typeof CURVES): RepoKey {
  const c = CURVES[curve];
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: c.openssl });
  const jwk = publicKey.export({ format: "jwk" });
  const uncompressed = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  const compressed = ECDH.convertKey(uncompressed, c.openssl, undefined, undefined, "compressed") as Buffer;
  const multibase = base58btc.encode(Uint8Array.from([...c.prefix, ...compressed]));
  return {
    curve,
    multibase,
    sign(bytes) {
      const sig = sign("sha256", bytes, { key: privateKey, dsaEncoding: "ieee-p1363" });
      let s = BigInt(`0x${sig.subarray(32).toString("hex")}`);
      if (s > c.order / 2n) s = c.order - s;
      return Uint8Array.from([...sig.subarray(0, 32), ...Buffer.from(s.toString(16).padStart(64, "0"), "hex")]);
    },
  };
}

/** `sig` with s replaced by order − s: the same signature in its high-S form (valid ECDSA, refused by atproto). */
export function highS(curve: keyof typeof CURVES, sig: Uint8Array): Uint8Array {
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
  return Uint8Array.from([...sig.subarray(0, 32), ...Buffer.from((CURVES[curve].order - s).toString(16).padStart(64, "0"), "hex")]);
}

export function didDocument(did: string, key: RepoKey, handle = "someone.bsky.social"): Record<string, unknown> {
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: did,
    alsoKnownAs: [`at://${handle}`],
    verificationMethod: [{ id: `${did}#atproto`, type: "Multikey", controller: did, publicKeyMultibase: key.multibase }],
    service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: "https://pds.example" }],
  };
}

export class FakePlcDirectory extends FakeHttpServer<{ status: number; key: string }> {
  constructor(readonly docs: Map<string, Record<string, unknown>>) {
    super();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const did = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0]);
    const doc = this.docs.get(did);
    const status = doc ? 200 : 404;
    this.requests.push({ status, key: did });
    res.writeHead(status, { "content-type": "application/did+ld+json" });
    res.end(JSON.stringify(doc ?? { message: `DID not registered: ${did}` }));
  }
}

