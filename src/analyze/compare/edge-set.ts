/**
 * A set of directed pairs (u, v) of node indices, for the edge swaps: open
 * addressing in typed arrays with linear probing and backward-shift deletion
 * (no tombstones, so millions of add/delete cycles keep probes short).
 */
export class PairSet {
  private readonly us: Int32Array;
  private readonly vs: Int32Array;
  private readonly mask: number;

  /** A set for up to `capacity` pairs (the table is kept at most 1/4 full). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 4) size *= 2;
    this.us = new Int32Array(size).fill(-1);
    this.vs = new Int32Array(size);
    this.mask = size - 1;
  }

  private slot(u: number, v: number): number {
    let h = Math.imul(u, 0x9e3779b1) ^ Math.imul(v + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  has(u: number, v: number): boolean {
    const { us, vs, mask } = this;
    for (let i = this.slot(u, v); ; i = (i + 1) & mask) {
      const x = us[i];
      if (x === -1) return false;
      if (x === u && vs[i] === v) return true;
    }
  }

  add(u: number, v: number): void {
    const { us, vs, mask } = this;
    let i = this.slot(u, v);
    while (us[i] !== -1) {
      if (us[i] === u && vs[i] === v) return;
      i = (i + 1) & mask;
    }
    us[i] = u;
    vs[i] = v;
  }

  delete(u: number, v: number): void {
    const { us, vs, mask } = this;
    let i = this.slot(u, v);
    while (true) {
      if (us[i] === -1) return;
      if (us[i] === u && vs[i] === v) break;
      i = (i + 1) & mask;
    }
    // Backward shift: move later entries of the cluster into the hole when their home allows it.
    let hole = i;
    let j = i;
    while (true) {
      j = (j + 1) & mask;
      if (us[j] === -1) break;
      const home = this.slot(us[j], vs[j]);
      // Entry j may fill the hole if its home is not cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        us[hole] = us[j];
        vs[hole] = vs[j];
        hole = j;
      }
    }
    us[hole] = -1;
  }
}
