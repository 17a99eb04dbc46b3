import { Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { Plot } from '../charts/Plot.js';
import { formatCount, formatPct } from '../format.js';
import { periodLabel, type CapacityWords } from './capacityWords.js';

type Backtest = EvaluationResult['backtest'];

/** Recall at K month by month: whether the team's reach holds every month or only on average. */
export function CapacityByPeriod({
  cap,
  cadence,
  words,
}: {
  cap: Backtest['capacity'];
  cadence: Backtest['cadence'];
  words: CapacityWords;
}) {
  const plot = useMemo(() => {
    const rows = cap.byPeriod;
    const x = rows.map((p) => periodLabel(p.period, cadence));
    const data: Data[] = [
      {
        type: 'bar',
        x,
        // A period without churners has no recall: a grey stub labelled so, never a bar at 0 %.
        y: rows.map((p) => p.recallAtK ?? 0),
        marker: { color: rows.map((p) => (p.recallAtK === null ? '#ced4da' : '#4c6ef5')) },
        text: rows.map((p) => (p.recallAtK === null ? 'no churners' : '')),
        textposition: 'outside',
        customdata: rows.map((p) =>
          p.recallAtK === null
            ? `no churners: nobody to reach (${formatCount(p.worked)} of ${formatCount(p.accounts)} accounts worked)`
            : `${formatCount(p.churnersCaught)} of ${formatCount(p.churners)} churners reached (${formatPct(p.recallAtK)}), ${formatCount(p.worked)} of ${formatCount(p.accounts)} accounts worked`,
        ),
        hovertemplate: '%{x}: %{customdata}<extra></extra>',
      },
    ];
    const top = Math.max(0.05, ...rows.map((p) => p.recallAtK ?? 0), cap.recallAtK ?? 0);
    const layout: Partial<Layout> = {
      xaxis: { type: 'category', fixedrange: true },
      yaxis: {
        title: { text: `Churners reached at K = ${formatCount(cap.k)}` },
        tickformat: '.0%',
        range: [0, top * 1.2],
        fixedrange: true,
      },
      shapes:
        cap.recallAtK === null
          ? []
          : [
              {
                type: 'line',
                xref: 'paper',
                x0: 0,
                x1: 1,
                y0: cap.recallAtK,
                y1: cap.recallAtK,
                line: { color: '#212529', dash: 'dash', width: 1 },
              },
            ],
      margin: { l: 56, r: 16, t: 8, b: 44 },
    };
    return { data, layout };
  }, [cap, cadence]);
  if (cap.byPeriod.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {cadence === 'weekly' ? 'Week' : 'Month'} by {cadence === 'weekly' ? 'week' : 'month'}
      </Text>
      {words.spread && (
        <Text size="sm" data-testid="capacity-spread">
          {words.spread}
        </Text>
      )}
      {words.noChurners && (
        <Text size="xs" c="dimmed" data-testid="capacity-no-churners">
          {words.noChurners}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Bars: share of each {cadence === 'weekly' ? 'week' : 'month'}&apos;s churners among its {formatCount(cap.k)}{' '}
        lowest scores; dashed line: the whole window ({formatPct(cap.recallAtK)}).
      </Text>
      <Plot data={plot.data} layout={plot.layout} height={240} testId="chart-capacity-by-period" />
    </Stack>
  );
}
