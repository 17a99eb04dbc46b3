import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EvaluationResult } from '../../engine/api/schema.js';
import { Plot } from './Plot.js';

/** Precision and recall of the at-risk prediction in each segment. */
export function SegmentAccuracy({ result }: { result: EvaluationResult }) {
  const { data, layout } = useMemo(() => {
    const segs = result.backtest.segments;
    const pct = (v: number | null) => (v === null ? null : v * 100);
    const bar = (name: string, color: string, values: (number | null)[]): Data => ({
      type: 'bar', name, x: segs.map((s) => s.segment), y: values,
      marker: { color },
      text: values.map((v) => (v === null ? '—' : `${v.toFixed(1)} %`)),
      textposition: 'outside', cliponaxis: false,
      hovertemplate: `%{x} ${name.toLowerCase()}: %{y:.1f} %<extra></extra>`,
    } as Data);
    const data = [
      bar('Precision', '#1c7ed6', segs.map((s) => pct(s.metrics.precision))),
      bar('Recall', '#ae3ec9', segs.map((s) => pct(s.metrics.recall))),
      bar('F1', '#0ca678', segs.map((s) => pct(s.metrics.f1))),
    ];
    const layout: Partial<Layout> = {
      barmode: 'group',
      showlegend: true,
      legend: { orientation: 'h', y: 1.12, x: 0 },
      yaxis: { title: { text: '%' }, range: [0, 105], fixedrange: true },
      xaxis: { fixedrange: true },
      margin: { l: 48, r: 16, t: 36, b: 32 },
    };
    return { data, layout };
  }, [result.backtest.segments]);
  return <Plot data={data} layout={layout} testId="chart-segments" />;
}
