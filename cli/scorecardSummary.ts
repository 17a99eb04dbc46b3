/** The fitted scorecard in plain words: where it was fitted and judged, how it did there, what it left out. */
import type { ScorecardFit } from '../engine/core/calibration/scorecard.js';

const r3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const span = (r: { from: string; to: string } | null) => (r ? `${r.from} – ${r.to}` : '—');
const interval = (i: [number, number] | null) => (i ? ` (95 % interval ${r3(i[0])}–${r3(i[1])})` : '');
const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)} %`);
const atCut = (j: ScorecardFit['current']) =>
  j.atCut ? `precision ${pct(j.atCut.precision)}, recall ${pct(j.atCut.recall)}` : '—';

export function scorecardSummary(fit: ScorecardFit, file: string): string {
  const signals = fit.config.categories.flatMap((c) => c.signals).length;
  return [
    `Wrote ${file}: ${signals} signals in ${fit.config.categories.length} categories, cut points ${fit.config.tiers.tiers.map((t) => `${t.name} ≥ ${t.min}`).join(', ')}.`,
    `Fitted on ${span(fit.trainMonths)} (${fit.trainSnapshots.toLocaleString('en-US')} snapshots); held out ${span(fit.testMonths)} (${fit.testSnapshots.toLocaleString('en-US')} snapshots).`,
    '',
    'On the held-out months:',
    `  ROC AUC          current ${r3(fit.current.auc)}${interval(fit.current.aucInterval)}  fitted ${r3(fit.fitted.auc)}${interval(fit.fitted.aucInterval)}`,
    `  average precision current ${r3(fit.current.averagePrecision)}  fitted ${r3(fit.fitted.averagePrecision)}`,
    `  at the cut        current ${atCut(fit.current)}  fitted ${atCut(fit.fitted)}`,
    `  ${fit.heldOut.text}`,
    '',
    fit.cutsNote,
    ...(fit.ignored.length ? ['', 'Left out:', ...fit.ignored.map((x) => `  ${x.id}: ${x.reason}`)] : []),
    '',
    `Backtest it with: health-workbench backtest --data … --config ${file} (it warns where the window overlaps the fitting months).`,
  ].join('\n');
}
