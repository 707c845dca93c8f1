/**
 * Interns node ids into integers 0..n-1 in order of first sight, with no
 * ceiling on the number of ids (a JS `Map` holds at most 2^24 entries).
 *
 * Ids are kept as UTF-8 bytes in one growing arena; a power-of-two open
 * addressing table (linear probing, load ≤ 1/2) maps a hash to the id. Per
 * id it costs the bytes of the id plus 4 (arena offset) + 4 (hash) + 8 (two
 * table slots) bytes. Byte-stream readers intern straight from their input
 * buffer (`idOfBytes`), so a repeated id never becomes a string; string ids
 * go through `idOf`. Browser-safe.
 */
import { DataError } from "../../shared/errors.ts";

const EMPTY = 0;
/** Arena offsets are 32-bit: at most 4 GiB of id bytes. */
const MAX_ARENA = 0xffff_ffff;
/** Strings decoded in one go when materializing keys (characters). */
const DECODE_SEGMENT = 1 << 24;

const utf8 = new TextEncoder();
// a U+FEFF inside an id is part of it: never stripped as a BOM
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** FNV-1a over bytes [start, end). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h | 0;
}

export class KeyDictionary {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  /** `starts[i]..starts[i+1]` are the bytes of id i. */
  private starts = new Uint32Array(1025);
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048);
  private mask = 2047;
  private count = 0;
  /** True while every id is ASCII (then arena offsets are string offsets too). */
  private ascii = true;
  private scratch = new Uint8Array(256);

  /** `file` names the input in the error raised past 4 GiB of ids. */
  constructor(private readonly file = "input") {}

  /** Number of ids. */
  get size(): number {
    return this.count;
  }

  /** Id of the UTF-8 bytes [start, end) of `bytes`, registering them on first sight. */
  idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const h = hashBytes(bytes, start, end);
    const len = end - start;
    const { arena, starts, hashes, slots } = this;
    let slot = h & this.mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === EMPTY) break;
      const id = entry - 1;
      if (hashes[id] === h) {
        const s = starts[id];
        if (starts[id + 1] - s === len) {
          let k = 0;
          while (k < len && arena[s + k] === bytes[start + k]) k++;
          if (k === len) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(bytes, start, end, h, slot);
  }

  /** Id of a string key, registering it on first sight. */
  idOf(key: string): number {
    const n = key.length;
    if (this.scratch.length < n * 3) this.scratch = new Uint8Array(n * 3 + 16);
    const buf = this.scratch;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) { ascii = false; break; }
      buf[i] = c;
    }
    const len = ascii ? n : utf8.encodeInto(key, buf).written;
    return this.idOfBytes(buf, 0, len);
  }

  /** Id of a string key, or -1 when it was never registered. */
  find(key: string): number {
    const bytes = utf8.encode(key);
    const h = hashBytes(bytes, 0, bytes.length);
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) return -1;
      const id = entry - 1;
      if (this.hashes[id] === h && this.keyEquals(id, bytes)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Key of id `i`. */
  key(i: number): string {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`KeyDictionary.key: no id ${i} (${this.count} ids)`);
    return decoder.decode(this.arena.subarray(this.starts[i], this.starts[i + 1]));
  }

  /** Every key, by id. */
  keys(): string[] {
    const n = this.count;
    const out: string[] = new Array(n);
    const { arena, starts } = this;
    if (!this.ascii) {
      for (let i = 0; i < n; i++) out[i] = decoder.decode(arena.subarray(starts[i], starts[i + 1]));
      return out;
    }
    // ASCII: decode segments at once and slice them (no per-key decoder call).
    let i = 0;
    while (i < n) {
      const base = starts[i];
      let j = i;
      while (j < n && starts[j + 1] - base <= DECODE_SEGMENT) j++;
      if (j === i) j = i + 1;
      const text = decoder.decode(arena.subarray(base, starts[j]));
      for (let k = i; k < j; k++) out[k] = text.slice(starts[k] - base, starts[k + 1] - base);
      i = j;
    }
    return out;
  }

  private keyEquals(id: number, bytes: Uint8Array): boolean {
    const s = this.starts[id];
    if (this.starts[id + 1] - s !== bytes.length) return false;
    for (let k = 0; k < bytes.length; k++) if (this.arena[s + k] !== bytes[k]) return false;
    return true;
  }

  private insert(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const len = end - start;
    const id = this.count;
    if (this.used + len > this.arena.length) this.growArena(this.used + len);
    this.arena.set(bytes.subarray(start, end), this.used);
    if (this.ascii) for (let k = start; k < end; k++) if (bytes[k] >= 0x80) { this.ascii = false; break; }
    if (id === this.hashes.length) {
      const capacity = this.hashes.length * 2;
      const starts = new Uint32Array(capacity + 1);
      starts.set(this.starts);
      this.starts = starts;
      const hashes = new Int32Array(capacity);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.starts[id] = this.used;
    this.used += len;
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.slots[slot] = id + 1;
    this.count = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growArena(need: number): void {
    if (need > MAX_ARENA) {
      throw new DataError({ file: this.file }, `more than 4 GiB of node ids (${this.count} ids so far)`, "split the input or shorten the node ids");
    }
    let size = this.arena.length * 2;
    while (size < need) size *= 2;
    const arena = new Uint8Array(Math.min(size, MAX_ARENA));
    arena.set(this.arena.subarray(0, this.used));
    this.arena = arena;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const mask = size - 1;
    const slots = new Int32Array(size);
    const { hashes } = this;
    for (let id = 0; id < this.count; id++) {
      let slot = hashes[id] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
