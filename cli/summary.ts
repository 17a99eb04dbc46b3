/** The human-readable summary `backtest` prints without --json. */
import type { EvaluationResult, ModelConfig, Verdict } from '../engine/core/api/schema.js';
import { capacitySpread } from '../engine/core/backtest/capacity.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const times = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}×`);
const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));

type Interval = [number, number] | null;
/** "12.0 %–16.0 %"; "—" when the resamples left it undefined. */
const range = (iv: Interval, f: (x: number) => string) => (iv === null ? '—' : `${f(iv[0])}–${f(iv[1])}`);
/** "label range" for each interval the result carries (results made before some existed lack them). */
const ranges = (items: [label: string, iv: Interval | undefined, f: (x: number) => string][]) =>
  items.filter(([, iv]) => iv !== undefined).map(([label, iv, f]) => `${label} ${range(iv!, f)}`);

/**
 * Every 95 % interval the result carries, each under the figures it qualifies:
 * where the figure would likely fall on other accounts like these.
 */
function intervalLines(r: EvaluationResult, names: Map<string, string>) {
  const iv = r.intervals;
  if (!iv) return { classification: '', arr: '', ranking: '', tiers: '', segment: () => '' };
  const classification = ranges([
    ['precision', iv.precision, pct],
    ['recall', iv.recall, pct],
    ['F1', iv.f1, pct],
    ['lift', iv.lift, times],
  ]);
  const ranking = ranges([
    ['AUC', iv.auc, ratio],
    ['average precision', iv.averagePrecision, ratio],
    ['top-decile lift', iv.topDecileLift, times],
  ]);
  const tiers = (iv.tiers ?? []).map((t) => `${names.get(t.tierId) ?? t.tierId} ${range(t.churnRate, pct)}`);
  const segments = new Map(iv.breakdowns?.find((d) => d.dimension === 'segment')?.groups.map((g) => [g.group, g]));
  return {
    classification: `  95 % CI (${iv.replicates} resamples of accounts): ${classification.join(', ')}`,
    arr: iv.arrCaptured === undefined ? '' : ` (95 % CI ${range(iv.arrCaptured, pct)})`,
    ranking: `  95 % CI: ${ranking.join(', ')}`,
    tiers: tiers.length ? `  95 % CI of churn rate: ${tiers.join(', ')}` : '',
    /** A group too few to judge has no intervals: its line already says so. */
    segment: (group: string) => {
      const g = segments.get(group);
      if (!g || (g.precision ?? g.recall ?? g.f1) === null) return '';
      return `  (95 % CI ${ranges([
        ['precision', g.precision, pct],
        ['recall', g.recall, pct],
        ['F1', g.f1, pct],
      ]).join(', ')})`;
    },
  };
}
const count = (n: number) => n.toLocaleString('en-US');

/** What a team working K accounts a period would reach: over the window, then its worst and best period. */
function capacityLines(b: EvaluationResult['backtest']): string[] {
  const c = b.capacity;
  const each = b.cadence === 'weekly' ? 'week' : 'month';
  const lines = [
    `Capacity: working the ${count(c.k)} lowest-scored accounts each ${each} reaches ${pct(c.recallAtK)} of churners (${count(c.churnersCaught)} of ${count(c.churners)})`,
  ];
  const s = capacitySpread(c.byPeriod);
  if (s.worst && s.best)
    lines.push(
      `  ${each} by ${each}: ${pct(s.worst.recallAtK)} (${s.worst.period}) to ${pct(s.best.recallAtK)} (${s.best.period})${s.withoutChurners ? `; ${s.withoutChurners} ${each}${s.withoutChurners === 1 ? '' : 's'} had no churners to reach` : ''}`,
    );
  if (s.accounts && s.share) {
    const scored =
      s.accounts.min === s.accounts.max ? count(s.accounts.min) : `${count(s.accounts.min)}–${count(s.accounts.max)}`;
    const share = s.share.min === s.share.max ? pct(s.share.min) : `${pct(s.share.min)}–${pct(s.share.max)}`;
    lines.push(`  ${count(c.k)} accounts is ${share} of the ${scored} accounts scored each ${each}`);
  }
  return lines;
}

const MARK = { serious: 'SERIOUS', caution: 'caution', good: 'good' } as const;

/** The verdict first: what a CSM should make of the numbers below, and what to do next. */
export function verdictLines(v: Verdict): string[] {
  return [
    `Verdict: ${v.headline}`,
    ...v.findings.flatMap((f) => [`  ${MARK[f.severity].padEnd(7)} ${f.sentence}`, `          Next: ${f.nextStep}`]),
  ];
}

export function backtestSummary(r: EvaluationResult, config: ModelConfig, verdict: Verdict): string {
  const b = r.backtest;
  const names = new Map(config.tiers.tiers.map((t) => [t.id, t.name]));
  const ci = intervalLines(r, names);
  const lines = [
    // A one-moment export: one date, and the outcome is what had happened by it (the same-date warning says why it matters).
    b.oneMoment !== undefined
      ? `One moment: ${b.oneMoment}, outcome churned by that date (the date of the measures)`
      : `Backtest: ${b.periods[0] ?? '—'} … ${b.periods.at(-1) ?? '—'} (${b.cadence}), outcome ${b.outcome === 'renewal' ? 'missed renewal' : 'churn'} within ${b.horizonDays} days`,
    `Evaluated ${b.evaluated} snapshots (one per account per ${b.cadence === 'weekly' ? 'week-end' : 'month-end'}${b.evidence ? `, ${b.evidence.accounts} accounts` : ''}); censored ${b.censored} (horizon not yet observed); ${b.outsideWindow} outside the window`,
    `Precision ${pct(b.overall.precision)}  recall ${pct(b.overall.recall)}  F1 ${pct(b.overall.f1)}  base rate ${pct(b.overall.baseRate)}  lift ${times(b.overall.lift)}`,
    ci.classification,
    b.arrCaptured === null ? '' : `Churned ARR caught by the at-risk set ${pct(b.arrCaptured)}${ci.arr}`,
    `ROC AUC ${ratio(b.auc)}  average precision ${ratio(b.averagePrecision)}  top-decile lift ${times(b.topDecileLift)}`,
    ci.ranking,
    `Churn rate by tier: ${b.tiers.map((t) => `${names.get(t.tierId)} ${pct(t.churnRate)} (n=${t.count})`).join(', ')}`,
    ci.tiers,
    ...capacityLines(b),
    ...(r.configurations.length > 1
      ? r.configurations.map(
          (c) =>
            `  configuration ${c.name.padEnd(20)} precision ${pct(c.metrics.precision)}  recall ${pct(c.metrics.recall)}  n=${c.metrics.n}  accounts now ${c.accounts}`,
        )
      : []),
    ...b.breakdowns
      .find((d) => d.dimension === 'segment')!
      .groups.map(
        (g) =>
          `  ${g.group.padEnd(12)} precision ${pct(g.metrics.precision)}  recall ${pct(g.metrics.recall)}  n=${g.metrics.n}${g.tooFewToJudge ? '  (too few to judge)' : ci.segment(g.group)}`,
      ),
    ...b.warnings.map((w) => `warning: ${w.message}`),
  ];
  return [...verdictLines(verdict), '', ...lines.filter(Boolean)].join('\n');
}
