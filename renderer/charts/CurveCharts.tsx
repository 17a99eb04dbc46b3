import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { Plot } from './Plot.js';

/** The at-risk set the cut points make, as one point on a curve. */
function cutMarker(x: number | null, y: number | null, hover: string): Data[] {
  if (x === null || y === null) return [];
  return [
    {
      type: 'scatter',
      mode: 'text+markers',
      x: [x],
      y: [y],
      text: ['current cut'],
      textposition: 'bottom right',
      textfont: { size: 11, color: '#212529' },
      marker: { color: '#212529', size: 10, symbol: 'diamond', line: { color: '#fff', width: 1 } },
      hovertemplate: `${hover}<extra>current cut</extra>`,
    },
  ];
}

const axis = (title: string) => ({ title: { text: title }, range: [0, 1.02], fixedrange: true, tickformat: '.0%' });

/** What no ranking at all would give: the diagonal, or the base rate on the PR curve. */
const reference = (y: [number, number]): Data => ({
  type: 'scatter',
  mode: 'lines',
  x: [0, 1],
  y,
  line: { color: '#adb5bd', dash: 'dot', width: 1 },
  hoverinfo: 'skip',
});

/** A curve over its thresholds, which the hover names ("at risk when score ≤ …"). */
function thresholdCurve(
  points: { x: number; y: number; threshold: number | null }[],
  color: string,
  hover: string,
): Data {
  return {
    type: 'scatter',
    mode: 'lines',
    x: points.map((p) => p.x),
    y: points.map((p) => p.y),
    line: { color, width: 2 },
    customdata: points.map((p) => p.threshold),
    hovertemplate: `at risk when score ≤ %{customdata:.1f}<br>${hover}<extra></extra>`,
  };
}

const layoutFor = (x: string, y: ReturnType<typeof axis>): Partial<Layout> => ({
  xaxis: axis(x),
  yaxis: y,
  margin: { l: 56, r: 16, t: 8, b: 44 },
});

export function RocChart({ b }: { b: EvaluationResult['backtest'] }) {
  const { data, layout } = useMemo(
    () => ({
      data: [
        reference([0, 1]),
        thresholdCurve(b.roc, '#4c6ef5', 'FPR %{x:.1%}, TPR %{y:.1%}'),
        ...cutMarker(
          b.overall.specificity === null ? null : 1 - b.overall.specificity,
          b.overall.recall,
          'the at-risk tiers flag %{y:.1%} of churners<br>and %{x:.1%} of stayers',
        ),
      ],
      layout: layoutFor('False positive rate', axis('True positive rate (recall)')),
    }),
    [b.roc, b.overall],
  );
  return <Plot data={data} layout={layout} testId="chart-roc" />;
}

export function PrChart({ b }: { b: EvaluationResult['backtest'] }) {
  const { data, layout } = useMemo(
    () => ({
      data: [
        reference([b.overall.baseRate ?? 0, b.overall.baseRate ?? 0]),
        thresholdCurve(b.pr, '#ae3ec9', 'recall %{x:.1%}, precision %{y:.1%}'),
        ...cutMarker(
          b.overall.recall,
          b.overall.precision,
          'the at-risk tiers catch %{x:.1%} of churners;<br>%{y:.1%} of those flagged churned',
        ),
      ],
      layout: layoutFor('Recall', {
        ...axis('Precision'),
        range: [0, Math.min(1.02, Math.max(0.1, b.overall.precision ?? 0, ...b.pr.map((p) => p.y)) * 1.1)],
      }),
    }),
    [b.pr, b.overall],
  );
  return <Plot data={data} layout={layout} testId="chart-pr" />;
}

export function GainsChart({ b }: { b: EvaluationResult['backtest'] }) {
  const { data, layout } = useMemo(
    () => ({
      data: [
        reference([0, 1]),
        {
          type: 'scatter',
          mode: 'lines+markers',
          x: [0, ...b.deciles.map((d) => d.cumulativeShare)],
          y: [0, ...b.deciles.map((d) => d.cumulativeGain ?? 0)],
          line: { color: '#0ca678', width: 2 },
          hovertemplate: 'lowest %{x:.0%} of scores catch %{y:.1%} of churners<extra></extra>',
        },
      ] as Data[],
      layout: layoutFor('Share of snapshots, lowest scores first', axis('Share of churners caught')),
    }),
    [b.deciles],
  );
  return <Plot data={data} layout={layout} testId="chart-gains" />;
}
