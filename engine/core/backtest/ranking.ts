/**
 * Riskiest-first order of scores (ascending score, ties by position) in O(n):
 * non-negative float32 values sort like their bit patterns, so three 11-bit
 * counting-sort passes replace a comparison sort. This keeps the exact
 * threshold-free metrics affordable on every slider move.
 */
export function rankByScore(scores: Float32Array): Uint32Array {
  const n = scores.length;
  let keys = new Uint32Array(n);
  const f = new Float32Array(keys.buffer);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s >= 0)) throw new RangeError(`rankByScore needs non-negative scores, got ${s} at ${i}`);
    f[i] = s + 0; // folds -0 into +0
  }
  // Three stable 11-bit passes, moving each key with its index so every
  // pass reads sequentially (faster than two 16-bit passes with lookups).
  let order = new Uint32Array(n);
  let tmpOrder = new Uint32Array(n);
  let tmpKeys = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(2049);
  for (const shift of [0, 11, 22]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((keys[i]! >>> shift) & 0x7ff) + 1]!++;
    for (let k = 1; k < 2049; k++) count[k]! += count[k - 1]!;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const pos = count[(key >>> shift) & 0x7ff]!++;
      tmpOrder[pos] = order[i]!;
      tmpKeys[pos] = key;
    }
    [order, tmpOrder] = [tmpOrder, order];
    [keys, tmpKeys] = [tmpKeys, keys];
  }
  return order;
}
