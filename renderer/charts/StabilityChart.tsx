/** Precision, recall and AUC in each evaluation month: a score that holds up shows flat lines. */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { MonthStability } from '../../engine/core/api/schema.js';
import { formatMonth } from '../format.js';
import { Plot } from './Plot.js';

const SERIES = [
  { key: 'recall', name: 'Recall', color: '#e8590c' },
  { key: 'precision', name: 'Precision', color: '#ae3ec9' },
  { key: 'auc', name: 'AUC', color: '#4c6ef5' },
] as const;

export function StabilityChart({ months }: { months: MonthStability[] }) {
  const { data, layout } = useMemo(() => {
    const x = months.map((m) => formatMonth(m.period));
    return {
      data: SERIES.map((s): Data => ({
        type: 'scatter',
        mode: 'lines+markers',
        name: s.name,
        x,
        y: months.map((m) => m[s.key]),
        line: { color: s.color, width: 2 },
        connectgaps: false,
        customdata: months.map((m) => [m.snapshots, m.churned]),
        hovertemplate: `${s.name}: %{y:.1%}<br>%{customdata[0]} snapshots, %{customdata[1]} churned<extra>%{x}</extra>`,
      })),
      layout: {
        showlegend: true,
        legend: { orientation: 'h', y: 1.02, x: 0, yanchor: 'bottom' },
        xaxis: { type: 'category', fixedrange: true },
        yaxis: { range: [0, 1.02], tickformat: '.0%', fixedrange: true },
        margin: { l: 48, r: 16, t: 28, b: 44 },
      } as Partial<Layout>,
    };
  }, [months]);
  return <Plot data={data} layout={layout} testId="chart-stability" />;
}
