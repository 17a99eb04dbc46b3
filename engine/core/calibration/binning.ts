/**
 * Optimal binning of one signal, as credit-risk scorecards are built:
 * equal-frequency pre-bins (ties never split), merged into bands whose churn
 * rate moves one way only by pool-adjacent-violators, small bands merged into
 * their closest neighbour, then each band's weight of evidence. A band's
 * points then say how much its churn odds differ from the average account's,
 * and a better value can never score worse.
 */

export interface Band {
  /** Smallest and largest value seen in the band. */
  lo: number;
  hi: number;
  count: number;
  /** Churners in the band. */
  events: number;
  /** ln(share of stayers / share of churners), smoothed by half a snapshot: > 0 churns less than average. */
  woe: number;
}

export interface Binning {
  /** Band i holds edges[i-1] ≤ value < edges[i] (as the bands normalisation reads them). */
  edges: number[];
  bands: Band[];
  /** Which way churn moves as the value rises. */
  direction: 'risk-rises' | 'risk-falls';
}

export interface BinningOptions {
  /** Equal-frequency pre-bins before merging. */
  preBins?: number;
  /** A band holding fewer than this share of the values is merged into a neighbour. */
  minShare?: number;
}

interface Block {
  lo: number;
  hi: number;
  count: number;
  events: number;
}

const rate = (b: Block) => b.events / b.count;

function merge(a: Block, b: Block): Block {
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), count: a.count + b.count, events: a.events + b.events };
}

/** Equal-frequency pre-bins over sorted values; a cut falls only between two different values. */
export function preBin(values: ArrayLike<number>, labels: ArrayLike<number>, bins: number): Block[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out: Block[] = [];
  let cur: Block | null = null;
  let k = 1;
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    const v = values[i]!;
    if (cur && v !== cur.hi && p >= (k * n) / bins) {
      out.push(cur);
      cur = null;
      while (p >= (k * n) / bins) k++;
    }
    cur ??= { lo: v, hi: v, count: 0, events: 0 };
    cur.hi = v;
    cur.count++;
    cur.events += labels[i]! ? 1 : 0;
  }
  if (cur) out.push(cur);
  return out;
}

/** Pool adjacent violators: blocks whose rate strictly rises (rising) or strictly falls (falling) left to right. */
export function poolAdjacentViolators(blocks: readonly Block[], rising: boolean): Block[] {
  const stack: Block[] = [];
  for (const b of blocks) {
    let cur = b;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      // Equal rates pool too: two neighbouring bands that churn alike say nothing apart.
      const violates = rising ? rate(top) >= rate(cur) : rate(top) <= rate(cur);
      if (!violates) break;
      cur = merge(stack.pop()!, cur);
    }
    stack.push(cur);
  }
  return stack;
}

/** Squared error of each value's churn flag around its block's rate (weights: counts). */
function sse(blocks: readonly Block[]): number {
  return blocks.reduce((s, b) => s + b.events * (1 - rate(b)) ** 2 + (b.count - b.events) * rate(b) ** 2, 0);
}

/** Merge blocks under the minimum size, or with no churner or no stayer, into the neighbour closest in rate. */
function mergeSmall(blocks: Block[], minCount: number): Block[] {
  const bs = [...blocks];
  const small = (b: Block) => b.count < minCount || b.events === 0 || b.events === b.count;
  for (;;) {
    if (bs.length < 2) return bs;
    let worst = -1;
    for (let i = 0; i < bs.length; i++) if (small(bs[i]!) && (worst < 0 || bs[i]!.count < bs[worst]!.count)) worst = i;
    if (worst < 0) return bs;
    const b = bs[worst]!;
    const left = worst > 0 ? bs[worst - 1]! : null;
    const right = worst < bs.length - 1 ? bs[worst + 1]! : null;
    const goLeft = !right || (left !== null && Math.abs(rate(left) - rate(b)) <= Math.abs(rate(right) - rate(b)));
    if (goLeft) bs.splice(worst - 1, 2, merge(left!, b));
    else bs.splice(worst, 2, merge(b, right!));
  }
}

/** The shortest decimal x with lo < x ≤ hi: an edge an analyst can read that still separates the two bands. */
export function readableEdge(lo: number, hi: number): number {
  for (let digits = 1; digits <= 17; digits++) {
    const x = Number(hi.toPrecision(digits));
    if (x > lo && x <= hi) return x;
    const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(hi) || 1)));
    const down = Math.floor(hi * scale) / scale;
    if (down > lo && down <= hi) return down;
  }
  return hi;
}

/** Weight of evidence of each band, with half a snapshot added to every cell so an empty one stays finite. */
export function weightOfEvidence(bands: readonly { count: number; events: number }[]): number[] {
  const k = bands.length;
  const B = bands.reduce((s, b) => s + b.events, 0);
  const G = bands.reduce((s, b) => s + b.count - b.events, 0);
  return bands.map((b) => Math.log((b.count - b.events + 0.5) / (G + 0.5 * k) / ((b.events + 0.5) / (B + 0.5 * k))));
}

/**
 * @param values the signal's available values (no NaN)
 * @param labels 1 when that snapshot's account churned within the horizon
 */
export function monotoneBinning(
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  { preBins = 20, minShare = 0.05 }: BinningOptions = {},
): Binning {
  const pre = preBin(values, labels, preBins);
  const rising = poolAdjacentViolators(pre, true);
  const falling = poolAdjacentViolators(pre, false);
  const up = sse(rising) <= sse(falling);
  const blocks = mergeSmall(up ? rising : falling, minShare * values.length);
  const woe = weightOfEvidence(blocks);
  return {
    edges: blocks.slice(1).map((b, i) => readableEdge(blocks[i]!.hi, b.lo)),
    bands: blocks.map((b, i) => ({ ...b, woe: woe[i]! })),
    direction: up ? 'risk-rises' : 'risk-falls',
  };
}
