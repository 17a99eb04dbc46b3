/** Is the backtest fair and the data behind it whole? Categories with data that varies, no fitting on the judged months, fresh sources. */
import { fittedOverlap } from '../backtest/fittedOverlap.js';
import { finding, type Rule } from './input.js';
import { count } from './words.js';

/** A category with weight but no data, or the same score for everyone, moves every account alike. */
export const categoryRule: Rule = (v) => {
  const cats = v.result.backtest.evidence?.categories ?? [];
  const several = new Set(cats.map((c) => c.configurationId)).size > 1;
  return cats.flatMap((c) => {
    if (c.weight <= 0 || c.snapshots === 0) return [];
    const name = several ? `${c.name} (${c.configurationName} configuration)` : c.name;
    const figures = { weight: c.weight, snapshots: c.snapshots, withData: c.withData, min: c.min, max: c.max };
    if (c.withData === 0)
      return [
        finding(
          'category-no-data',
          'caution',
          `${name} has no data in any of the ${count(c.snapshots)} evaluated snapshots: its ${c.weight} % weight gives every account the same points.`,
          `Load the export that feeds ${c.name} (Data), or set its weight to 0 and give it to categories that have data.`,
          figures,
        ),
      ];
    if (c.min === c.max)
      return [
        finding(
          'category-no-variation',
          'caution',
          `${name} scores every account ${Math.round(c.min!)}: it cannot tell accounts apart.`,
          `Check ${c.name}'s normalisation bounds against the signal's real range (Edit category shows the distribution).`,
          figures,
        ),
      ];
    return [];
  });
};

/** A configuration fitted on the months being judged (weights, or a whole scorecard) makes every metric optimistic. */
export const fittedOverlapRule: Rule = (v) => {
  const f = v.backtest.fittedOn;
  const o = fittedOverlap(f, v.result.backtest.periods, v.result.backtest.cadence);
  if (!f || !o) return [];
  return [
    finding(
      'fitted-overlap',
      'serious',
      `${o.sentence}.`,
      `Evaluate from ${o.evaluateFrom}: shorten the window so it starts after the fitting months, or refit on earlier months.`,
      { overlapMonths: o.overlapMonths, months: o.months, from: f.from, to: f.to, fitted: f.fitted ?? null },
    ),
  ];
};

/** The backtest's own data warnings that no other rule covers: stale sources, too many overrides. */
export const dataWarningRule: Rule = (v) =>
  v.result.backtest.warnings.flatMap((w) => {
    if (w.kind === 'stale-source')
      return [
        finding(
          'stale-source',
          'caution',
          w.message,
          'Re-export that source up to the last month, or shorten the window to the months it covers.',
          {},
        ),
      ];
    if (w.kind === 'override-rate')
      return [
        finding(
          'override-rate',
          'caution',
          w.message,
          'Read the override reasons (Accounts) and fold what they say into the weights or signals.',
          { rate: v.result.portfolio.overrides.rate },
        ),
      ];
    return [];
  });

/**
 * A one-moment export (measures and outcome from the same date): whatever the other figures say, they do
 * not show that the score warns ahead of churn, so this is read first.
 */
export const sameDateRule: Rule = (v) =>
  v.result.backtest.warnings
    .filter((w) => w.kind === 'same-date-outcome')
    .map((w) =>
      finding(
        'same-date-outcome',
        'serious',
        w.message,
        'Add an export over time with the same account ids (product usage by day or event, or a score history with dates) and import again.',
        {},
      ),
    );
