import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { tierOfBins } from '../../engine/scoring/tiers.js';
import type { EvaluationResult, TierScheme } from '../../engine/api/schema.js';
import { Plot } from './Plot.js';

/** Accounts per score point at the as-of month, coloured by tier, with the cut points drawn on. */
export function ScoreHistogram({ result, scheme }: { result: EvaluationResult; scheme: TierScheme }) {
  const { data, layout } = useMemo(() => {
    const tierOf = tierOfBins(scheme);
    const bins = result.portfolio.histogram;
    const data: Data[] = scheme.tiers.map((t, ti) => {
      const x: number[] = [];
      const y: number[] = [];
      bins.forEach((n, b) => {
        if (tierOf[b] === ti) {
          x.push(b + 0.5);
          y.push(n);
        }
      });
      return { type: 'bar', name: t.name, x, y, marker: { color: t.color }, width: 1, hovertemplate: `${t.name}: score %{x:.0f}–<br>%{y} accounts<extra></extra>` } as Data;
    });
    const top = Math.max(1, ...bins);
    const layout: Partial<Layout> = {
      barmode: 'stack',
      bargap: 0.05,
      xaxis: { title: { text: 'Health score' }, range: [0, 101], dtick: 10, fixedrange: true },
      yaxis: { title: { text: 'Accounts' }, fixedrange: true },
      shapes: scheme.tiers.slice(0, -1).map((t) => ({ type: 'line', x0: t.min, x1: t.min, y0: 0, y1: top * 1.05, line: { color: '#212529', width: 1.5, dash: 'dash' } })),
      annotations: scheme.tiers.slice(0, -1).map((t) => ({ x: t.min, y: top * 1.05, text: String(t.min), showarrow: false, yanchor: 'bottom', font: { size: 11 } })),
    };
    return { data, layout };
  }, [result.portfolio.histogram, scheme]);
  return <Plot data={data} layout={layout} testId="chart-histogram" />;
}
