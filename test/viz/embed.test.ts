import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { embedHash, fromBase64url, packFile, readEmbed, toBase64url, unpackFile } from "../../viz/src/embed.ts";
import { decodeViewState } from "../../viz/src/state.ts";

describe("a file carried by a share link", () => {
  it("should pack bytes as gzip (zlib reads it back) in base64url, and unpack what zlib gzipped", async () => {
    const bytes = new TextEncoder().encode("graph [\n  node [ id 1 ]\n  node [ id 2 ]\n  edge [ source 1 target 2 ]\n]\n".repeat(50));
    const packed = await packFile(bytes);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(packed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    expect(new Uint8Array(gunzipSync(raw))).toEqual(bytes);
    const fromZlib = gzipSync(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(await unpackFile(fromZlib)).toEqual(bytes);
  });

  it("should round-trip base64url for every length and byte", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      expect(toBase64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    }
  });

  it("should put the file after the view state in the hash and read both back", () => {
    const hash = embedHash("color=party&hide=1", "my graph.gml", "abc-_");
    const e = readEmbed(`#${hash}`)!;
    expect(e).toEqual({ name: "my graph.gml", data: "abc-_", rest: "color=party&hide=1" });
    expect(decodeViewState(e.rest).colorBy).toBe("party");
    expect(readEmbed("color=party")).toBeNull();
    expect(readEmbed(`embedname=..%2F..%2Fx.gml&embed=abc`)!.name).toBe("x.gml");
  });

  it("should refuse damaged data with a message", async () => {
    await expect(unpackFile("not base64!")).rejects.toThrow(/embedded file is damaged/);
    await expect(unpackFile(toBase64url(new Uint8Array([1, 2, 3, 4])))).rejects.toThrow(/embedded file is damaged/);
  });
});
