/** Churn rate per score decile: the lowest-scored tenth should churn most, falling steadily to the highest. */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { Plot } from './Plot.js';

export function DecileCalibration({ b }: { b: EvaluationResult['backtest'] }) {
  const { data, layout } = useMemo(() => {
    const base = b.overall.baseRate ?? 0;
    return {
      data: [
        {
          type: 'bar',
          x: b.deciles.map((d) => d.decile),
          y: b.deciles.map((d) => d.churnRate ?? 0),
          marker: { color: '#fa5252', opacity: 0.8 },
          customdata: b.deciles.map((d) => [
            d.minScore === null ? '—' : `${d.minScore.toFixed(1)}–${d.maxScore!.toFixed(1)}`,
            d.churned,
            d.count,
          ]),
          hovertemplate:
            'decile %{x} (scores %{customdata[0]}): %{y:.1%} churned, %{customdata[1]} of %{customdata[2]}<extra></extra>',
        },
        {
          type: 'scatter',
          mode: 'lines',
          x: [0.5, 10.5],
          y: [base, base],
          line: { color: '#495057', dash: 'dot', width: 1 },
          hoverinfo: 'skip',
        },
      ] as Data[],
      layout: {
        xaxis: { title: { text: 'Score decile (1 = lowest scores)' }, dtick: 1, fixedrange: true, range: [0.5, 10.5] },
        yaxis: { title: { text: 'Churn rate' }, tickformat: '.0%', rangemode: 'tozero', fixedrange: true },
        margin: { l: 56, r: 16, t: 8, b: 44 },
      } as Partial<Layout>,
    };
  }, [b.deciles, b.overall.baseRate]);
  return <Plot data={data} layout={layout} testId="chart-decile-calibration" />;
}
