/** The capacity view's month-by-month figures in plain words, for a CSM deciding how many accounts to work. */
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { capacitySpread, type PeriodCapacity } from '../../engine/core/backtest/capacity.js';
import { formatCount, formatMonth, formatPct } from '../format.js';

type Capacity = EvaluationResult['backtest']['capacity'];
type Cadence = EvaluationResult['backtest']['cadence'];

export interface CapacityWords {
  /** What K is against the accounts scored each period; null when none were. */
  share: string | null;
  /** The worst and the best period's reach; null when no period had churners. */
  spread: string | null;
  /** Periods with no churners, whose reach is undefined; null when there are none. */
  noChurners: string | null;
}

/** A period's name on screen: "Sep 2025" for a month, the date itself for a week. */
export const periodLabel = (period: string, cadence: Cadence) =>
  cadence === 'weekly' ? `week ending ${period}` : formatMonth(period);

const range = (min: number, max: number, f: (x: number) => string) =>
  f(min) === f(max) ? f(min) : `${f(min)}–${f(max)}`;

/** A recall as churners reached per 100, and the counts it rests on: "5 … (5 of 102)". */
const per100 = (p: PeriodCapacity) => Math.round(p.recallAtK! * 100);
const counts = (p: PeriodCapacity) => `(${formatCount(p.churnersCaught)} of ${formatCount(p.churners)})`;

export function capacityWords(cap: Capacity, cadence: Cadence): CapacityWords {
  const unit = cadence === 'weekly' ? 'week' : 'month';
  const s = capacitySpread(cap.byPeriod);
  const scored = s.accounts && range(s.accounts.min, s.accounts.max, formatCount);
  const share = !s.share
    ? null
    : s.share.min === 1
      ? `${formatCount(cap.k)} accounts is every account scored each ${unit} (${scored}).`
      : `${formatCount(cap.k)} accounts is ${range(s.share.min, s.share.max, formatPct)} of the ${scored} accounts scored each ${unit}.`;
  let spread: string | null = null;
  if (s.worst && s.best) {
    const team = `a team working ${formatCount(cap.k)} accounts`;
    spread =
      cap.byPeriod.length - s.withoutChurners === 1
        ? `In the one ${unit} with churners (${periodLabel(s.worst.period, cadence)}) ${team} reached ${per100(s.worst)} of every 100 churners ${counts(s.worst)}.`
        : `In the worst ${unit} (${periodLabel(s.worst.period, cadence)}) ${team} reached ${per100(s.worst)} of every 100 churners ${counts(s.worst)}; in the best (${periodLabel(s.best.period, cadence)}), ${per100(s.best)} ${counts(s.best)}.`;
  }
  const noChurners =
    s.withoutChurners === 0
      ? null
      : `${s.withoutChurners === 1 ? `One ${unit} had` : `${s.withoutChurners} ${unit}s had`} no churners, so there was nobody to reach and no share reached to show: ${s.withoutChurners === 1 ? 'it is' : 'they are'} left out of the worst and the best.`;
  return { share, spread, noChurners };
}
