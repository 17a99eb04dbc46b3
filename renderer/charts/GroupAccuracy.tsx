import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { GroupStat } from '../../engine/core/api/schema.js';
import { Plot } from './Plot.js';

/** Precision, recall and F1 of the at-risk prediction in each group, with the target drawn as a line. */
export function GroupAccuracy({ groups, target }: { groups: GroupStat[]; target: number | null }) {
  const { data, layout } = useMemo(() => {
    const pct = (v: number | null) => (v === null ? null : v * 100);
    const names = groups.map((g) => (g.tooFewToJudge ? `${g.group}*` : g.group));
    const bar = (name: string, color: string, values: (number | null)[]): Data =>
      ({
        type: 'bar',
        name,
        x: names,
        y: values,
        marker: { color, opacity: groups.map((g) => (g.tooFewToJudge ? 0.35 : 1)) },
        text: values.map((v) => (v === null ? '—' : `${v.toFixed(1)} %`)),
        textposition: 'outside',
        cliponaxis: false,
        hovertemplate: `%{x} ${name.toLowerCase()}: %{y:.1f} %<extra></extra>`,
      }) as Data;
    const data = [
      bar(
        'Precision',
        '#1c7ed6',
        groups.map((g) => pct(g.metrics.precision)),
      ),
      bar(
        'Recall',
        '#ae3ec9',
        groups.map((g) => pct(g.metrics.recall)),
      ),
      bar(
        'F1',
        '#0ca678',
        groups.map((g) => pct(g.metrics.f1)),
      ),
    ];
    const layout: Partial<Layout> = {
      barmode: 'group',
      showlegend: true,
      legend: { orientation: 'h', y: 1.12, x: 0 },
      yaxis: { title: { text: '%' }, range: [0, 110], fixedrange: true },
      xaxis: { fixedrange: true },
      margin: { l: 48, r: 16, t: 36, b: 32 },
      shapes:
        target === null
          ? []
          : [
              {
                type: 'line',
                xref: 'paper',
                x0: 0,
                x1: 1,
                y0: target * 100,
                y1: target * 100,
                line: { color: '#495057', width: 1, dash: 'dot' },
              },
            ],
    };
    return { data, layout };
  }, [groups, target]);
  return <Plot data={data} layout={layout} testId="chart-segments" />;
}
