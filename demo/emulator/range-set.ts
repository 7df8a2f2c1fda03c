/** Byte ranges written so far, as sorted, disjoint, half-open intervals `[start, end)`. */
export class RangeSet {
  private ranges: Array<[number, number]> = [];

  add(start: number, end: number): void {
    if (end <= start) return;
    const merged: Array<[number, number]> = [];
    let [s, e] = [start, end];
    for (const [a, b] of this.ranges) {
      if (b < s || a > e) merged.push([a, b]);
      else [s, e] = [Math.min(a, s), Math.max(b, e)];
    }
    merged.push([s, e]);
    merged.sort((x, y) => x[0] - y[0]);
    this.ranges = merged;
  }

  /** Bytes from offset 0 with no gap. */
  contiguous(): number {
    const first = this.ranges[0];
    return first && first[0] === 0 ? first[1] : 0;
  }

  /** Total bytes covered. */
  covered(): number {
    return this.ranges.reduce((sum, [a, b]) => sum + b - a, 0);
  }
}
