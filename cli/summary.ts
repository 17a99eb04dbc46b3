/** The human-readable summary `backtest` prints without --json. */
import type { EvaluationResult, ModelConfig, Verdict } from '../engine/core/api/schema.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
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
  const lines = [
    `Backtest: ${b.periods[0] ?? '—'} … ${b.periods.at(-1) ?? '—'} (${b.cadence}), outcome ${b.outcome === 'renewal' ? 'missed renewal' : 'churn'} within ${b.horizonDays} days`,
    `Evaluated ${b.evaluated} snapshots (one per account per ${b.cadence === 'weekly' ? 'week-end' : 'month-end'}${b.evidence ? `, ${b.evidence.accounts} accounts` : ''}); censored ${b.censored} (horizon not yet observed); ${b.outsideWindow} outside the window`,
    `Precision ${pct(b.overall.precision)}  recall ${pct(b.overall.recall)}  F1 ${pct(b.overall.f1)}  base rate ${pct(b.overall.baseRate)}  lift ${b.overall.lift === null ? '—' : `${b.overall.lift.toFixed(1)}×`}`,
    `ROC AUC ${b.auc?.toFixed(3) ?? '—'}  average precision ${b.averagePrecision?.toFixed(3) ?? '—'}  top-decile lift ${b.topDecileLift === null ? '—' : `${b.topDecileLift.toFixed(1)}×`}`,
    r.intervals
      ? `95 % CI: precision ${r.intervals.precision?.map(pct).join('–') ?? '—'}, recall ${r.intervals.recall?.map(pct).join('–') ?? '—'}, AUC ${r.intervals.auc?.map((x) => x.toFixed(3)).join('–') ?? '—'}`
      : '',
    `Churn rate by tier: ${b.tiers.map((t) => `${names.get(t.tierId)} ${pct(t.churnRate)} (n=${t.count})`).join(', ')}`,
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
          `  ${g.group.padEnd(12)} precision ${pct(g.metrics.precision)}  recall ${pct(g.metrics.recall)}  n=${g.metrics.n}${g.tooFewToJudge ? '  (too few to judge)' : ''}`,
      ),
    ...b.warnings.map((w) => `warning: ${w.message}`),
  ];
  return [...verdictLines(verdict), '', ...lines.filter(Boolean)].join('\n');
}
