/**
 * A CS team can work only K accounts a month. Working the K lowest-scored
 * accounts of every month, what share of the churners is reached, and how
 * large must K be to reach a target recall?
 *
 * One convention for "the K lowest of a month" throughout: a month's
 * snapshots in the order of the whole ranking (ascending score, ties by
 * position; see ranking.ts), so at a tie on the K boundary the snapshot
 * listed first is worked.
 */
export interface CapacityMetrics {
  k: number;
  /** Share of churners that were among their month's K lowest scores. */
  recallAtK: number | null;
  churnersCaught: number;
  churners: number;
  targetRecall: number;
  /** Smallest K whose recall reaches the target; null when no K does (no churners). */
  kForTarget: number | null;
  /** Recall for K = 0..largest month, thinned for display. */
  curve: { k: number; recall: number }[];
  /** The same K month by month, oldest first: how steady the reach is. */
  byPeriod: PeriodCapacity[];
}

/** One evaluation month (or week) worked at K. */
export interface PeriodCapacity {
  /** The snapshot date. */
  period: string;
  /** Accounts scored that month (evaluated snapshots, one per account). */
  accounts: number;
  /** Accounts worked: K, or every account when fewer were scored. */
  worked: number;
  churners: number;
  churnersCaught: number;
  /** Share of that month's churners among its K lowest; null when the month had no churners. */
  recallAtK: number | null;
}

/** The months whose snapshots are evaluated, by period index, with their dates. */
export interface CapacityPeriods {
  /** Period index → snapshot date (the frame's periods). */
  dates: readonly string[];
  /** 1 for period indices inside the evaluation window. */
  inWindow: ArrayLike<number>;
}

/** Calls visit(i, rank) for each ranked snapshot i with its rank within its own month (0 = lowest score). */
function forEachMonthRank(
  month: Uint16Array | Uint32Array,
  months: number,
  order: Uint32Array,
  visit: (i: number, rank: number) => void,
): Uint32Array {
  const seen = new Uint32Array(months);
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    visit(i, seen[month[i]!]!++);
  }
  return seen;
}

export function capacityMetrics(
  labels: Uint8Array,
  month: Uint16Array | Uint32Array,
  periods: CapacityPeriods,
  order: Uint32Array,
  k: number,
  targetRecall: number,
): CapacityMetrics {
  const months = periods.dates.length;
  const catchesAtRank: number[] = [];
  let churners = 0;
  const seen = forEachMonthRank(month, months, order, (i, rank) => {
    if (labels[i] === 1) {
      churners++;
      catchesAtRank[rank] = (catchesAtRank[rank] ?? 0) + 1;
    }
  });
  const maxK = seen.reduce((m, x) => Math.max(m, x), 0);
  const cum = new Float64Array(maxK + 1); // cum[K] = churners within the first K of their month
  for (let r = 0; r < maxK; r++) cum[r + 1] = cum[r]! + (catchesAtRank[r] ?? 0);
  const kk = Math.max(0, Math.min(Math.floor(k), maxK));
  let kForTarget: number | null = null;
  if (churners > 0) {
    for (let K = 0; K <= maxK; K++) {
      if (cum[K]! / churners >= targetRecall - 1e-12) {
        kForTarget = K;
        break;
      }
    }
  }
  const curve: { k: number; recall: number }[] = [];
  const step = Math.max(1, Math.ceil(maxK / 200));
  for (let K = 0; K <= maxK; K += step) curve.push({ k: K, recall: churners > 0 ? cum[K]! / churners : 0 });
  if (curve[curve.length - 1]?.k !== maxK) curve.push({ k: maxK, recall: churners > 0 ? cum[maxK]! / churners : 0 });
  return {
    k: kk,
    recallAtK: churners > 0 ? cum[kk]! / churners : null,
    churnersCaught: cum[kk]!,
    churners,
    targetRecall,
    kForTarget,
    curve,
    byPeriod: capacityByPeriod(labels, month, periods, order, k),
  };
}

/** Recall at K for each evaluation month on its own: the month's K lowest scores against the month's churners. */
export function capacityByPeriod(
  labels: Uint8Array,
  month: Uint16Array | Uint32Array,
  periods: CapacityPeriods,
  order: Uint32Array,
  k: number,
): PeriodCapacity[] {
  const months = periods.dates.length;
  const kk = Math.max(0, Math.floor(k));
  const churners = new Uint32Array(months);
  const caught = new Uint32Array(months);
  const seen = forEachMonthRank(month, months, order, (i, rank) => {
    if (labels[i] !== 1) return;
    const m = month[i]!;
    churners[m]!++;
    if (rank < kk) caught[m]!++;
  });
  const rows: PeriodCapacity[] = [];
  for (let m = 0; m < months; m++) {
    if (periods.inWindow[m] !== 1) continue;
    rows.push({
      period: periods.dates[m]!,
      accounts: seen[m]!,
      worked: Math.min(kk, seen[m]!),
      churners: churners[m]!,
      churnersCaught: caught[m]!,
      recallAtK: churners[m]! > 0 ? caught[m]! / churners[m]! : null,
    });
  }
  return rows;
}

/** What a CSM reads off the months: the worst and the best reach, and what K is against the accounts scored. */
export interface CapacitySpread {
  /** Lowest recall among months with churners (the earliest on a tie); null when no month had any. */
  worst: PeriodCapacity | null;
  /** Highest recall among months with churners (the earliest on a tie). */
  best: PeriodCapacity | null;
  /** Months with no churners: their recall is undefined, not 0. */
  withoutChurners: number;
  /** Accounts scored per month, over months with any; null when none had. */
  accounts: { min: number; max: number } | null;
  /** Accounts worked as a share of those scored, over the same months. */
  share: { min: number; max: number } | null;
}

export function capacitySpread(byPeriod: readonly PeriodCapacity[]): CapacitySpread {
  let worst: PeriodCapacity | null = null;
  let best: PeriodCapacity | null = null;
  let withoutChurners = 0;
  let accounts: CapacitySpread['accounts'] = null;
  let share: CapacitySpread['share'] = null;
  for (const p of byPeriod) {
    if (p.recallAtK === null) withoutChurners++;
    else {
      if (worst === null || p.recallAtK < worst.recallAtK!) worst = p;
      if (best === null || p.recallAtK > best.recallAtK!) best = p;
    }
    if (p.accounts === 0) continue;
    const s = p.worked / p.accounts;
    accounts = accounts
      ? { min: Math.min(accounts.min, p.accounts), max: Math.max(accounts.max, p.accounts) }
      : { min: p.accounts, max: p.accounts };
    share = share ? { min: Math.min(share.min, s), max: Math.max(share.max, s) } : { min: s, max: s };
  }
  return { worst, best, withoutChurners, accounts, share };
}
