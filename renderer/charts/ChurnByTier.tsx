import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EvaluationResult, TierScheme } from '../../engine/api/schema.js';
import { formatCount, formatPct } from '../format.js';
import { Plot } from './Plot.js';

/** Share of snapshots in each tier that churned within the horizon: worse tiers should be taller. */
export function ChurnByTier({ result, scheme }: { result: EvaluationResult; scheme: TierScheme }) {
  const { data, layout } = useMemo(() => {
    const stats = result.backtest.tiers;
    const data: Data[] = [{
      type: 'bar',
      x: stats.map((s) => scheme.tiers.find((t) => t.id === s.tierId)?.name ?? s.tierId),
      y: stats.map((s) => (s.churnRate === null ? 0 : s.churnRate * 100)),
      text: stats.map((s) => `${formatPct(s.churnRate)}<br>n=${formatCount(s.count)}`),
      textposition: 'outside',
      cliponaxis: false,
      marker: { color: stats.map((s) => scheme.tiers.find((t) => t.id === s.tierId)?.color ?? '#868e96') },
      hovertemplate: '%{x}: %{y:.1f} % churned<extra></extra>',
    } as Data];
    const layout: Partial<Layout> = {
      yaxis: { title: { text: `Churned within ${result.backtest.horizonDays} days (%)` }, rangemode: 'tozero', fixedrange: true },
      xaxis: { fixedrange: true },
      margin: { l: 56, r: 16, t: 28, b: 32 },
    };
    return { data, layout };
  }, [result.backtest, scheme]);
  return <Plot data={data} layout={layout} testId="chart-churn-by-tier" />;
}
