/**
 * Riskiest-first order of scores (ascending score, ties by position) in O(n):
 * non-negative float32 values sort like their bit patterns, so two 16-bit
 * counting-sort passes replace a comparison sort. This keeps the exact
 * threshold-free metrics affordable on every slider move.
 */
export function rankByScore(scores: Float32Array): Uint32Array {
  const n = scores.length;
  const bits = new Uint32Array(n);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s >= 0)) throw new RangeError(`rankByScore needs non-negative scores, got ${s} at ${i}`);
    f[i] = s + 0; // folds -0 into +0
  }
  let order = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((bits[order[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let k = 1; k < 65537; k++) count[k]! += count[k - 1]!;
    for (let i = 0; i < n; i++) {
      const idx = order[i]!;
      tmp[count[(bits[idx]! >>> shift) & 0xffff]!++] = idx;
    }
    [order, tmp] = [tmp, order];
  }
  return order;
}
