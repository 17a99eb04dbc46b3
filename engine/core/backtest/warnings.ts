/**
 * The backtest's warnings: reasons not to trust its numbers as they stand.
 * Whether the tiers sort risk is the verdict's judgement (a trend test,
 * verdict/tierRules.ts), not a warning here: an order check beside it would
 * give a CSM a second, different answer.
 */
import type { BacktestSettings, BacktestWarning } from '../api/schema.js';
import { OVERRIDE_RATE_WARNING } from '../scoring/overrides.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { fittedOverlap } from './fittedOverlap.js';
import type { EvaluationWindow } from './window.js';

export interface WarningInput {
  frame: SnapshotFrame;
  window: EvaluationWindow;
  settings: BacktestSettings;
  asOf: string;
  positives: number;
  /** Share of accounts with an override in force at the as-of date. */
  overrideRate: number;
}

export function backtestWarnings({
  frame,
  window,
  settings: s,
  asOf,
  positives,
  overrideRate,
}: WarningInput): BacktestWarning[] {
  const out: BacktestWarning[] = [];
  if (frame.meta.crossSectional === true)
    out.push({
      kind: 'same-date-outcome',
      message:
        `Measures and outcome come from the same date (${frame.meta.periods[0]}): the export is one moment, so this is no point-in-time test. ` +
        'It shows which accounts had churned by then, not which were about to: a churned account’s values may already be the result of leaving. ' +
        'Treat it as a first look, and add an export over time (usage or a score history) to test the score honestly.',
    });
  if (positives < s.minChurners)
    out.push({
      kind: 'small-sample',
      message: `Only ${positives} churners in the window (fewer than ${s.minChurners}): too few to judge.`,
    });
  const lastMonth = window.periods[window.periods.length - 1];
  if (lastMonth) {
    for (const [source, last] of Object.entries(frame.meta.sourceLastDates)) {
      if (source === 'churn' || last === null) continue;
      const gap = (Date.parse(lastMonth) - Date.parse(last)) / 86_400_000;
      if (gap > 31)
        out.push({
          kind: 'stale-source',
          message: `${source} ends on ${last}, ${Math.round(gap)} days before the last evaluated month-end (${lastMonth}): its signals are stale there.`,
        });
    }
  }
  if (overrideRate > OVERRIDE_RATE_WARNING) {
    out.push({
      kind: 'override-rate',
      message: `${(overrideRate * 100).toFixed(1)} % of accounts carry a CSM override at ${asOf} (above ${OVERRIDE_RATE_WARNING * 100} %): the score disagrees with the team too often to be trusted as it is.`,
    });
  }
  const fitted = fittedOverlap(s.fittedOn, window.periods, frame.meta.cadence);
  if (fitted)
    out.push({ kind: 'fitted-on-window', message: `${fitted.sentence}. Evaluate from ${fitted.evaluateFrom}.` });
  return out;
}
