import { Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { Plot } from '../charts/Plot.js';
import { formatCount, formatPct } from '../format.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';
import { CapacityByPeriod } from './CapacityByPeriod.js';
import { capacityWords } from './capacityWords.js';

/** What a team that can work K accounts a month would catch, working the lowest scores first. */
export function CapacityView() {
  const result = useSessionStore((s) => s.result);
  const k = useModelStore((s) => s.backtest.capacityK);
  const target = useModelStore((s) => s.backtest.targetRecall);
  const setBacktest = useModelStore((s) => s.setBacktest);
  const cap = result?.backtest.capacity;
  const plot = useMemo(() => {
    if (!cap) return null;
    const data: Data[] = [
      {
        type: 'scatter',
        mode: 'lines',
        x: cap.curve.map((p) => p.k),
        y: cap.curve.map((p) => p.recall),
        line: { color: '#4c6ef5', width: 2 },
        hovertemplate: 'K = %{x}: %{y:.1%} of churners<extra></extra>',
      },
    ];
    const shapes: Partial<Layout>['shapes'] = [
      {
        type: 'line',
        x0: cap.k,
        x1: cap.k,
        yref: 'paper',
        y0: 0,
        y1: 1,
        line: { color: '#212529', dash: 'dash', width: 1.5 },
      },
      {
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        y0: cap.targetRecall,
        y1: cap.targetRecall,
        line: { color: '#ae3ec9', dash: 'dot', width: 1 },
      },
    ];
    const layout: Partial<Layout> = {
      xaxis: {
        title: { text: 'Accounts worked per month (K, lowest scores first)' },
        fixedrange: true,
        rangemode: 'tozero',
      },
      yaxis: { title: { text: 'Share of churners reached' }, tickformat: '.0%', range: [0, 1.02], fixedrange: true },
      shapes,
      margin: { l: 56, r: 16, t: 8, b: 44 },
    };
    return { data, layout };
  }, [cap]);
  const cadence = result?.backtest.cadence ?? 'monthly';
  const words = useMemo(() => (cap ? capacityWords(cap, cadence) : null), [cap, cadence]);
  if (!cap || !plot || !words) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={5}>Capacity</Title>
            <Text size="xs" c="dimmed">
              Each {result.backtest.cadence === 'weekly' ? 'week' : 'month'} the team works the K lowest-scored
              accounts; which share of the next {result.backtest.horizonDays} days' churners does it reach?
            </Text>
          </div>
          <Group gap="xs">
            <NumberInput
              size="xs"
              w={170}
              label={`Accounts per ${result?.backtest.cadence === 'weekly' ? 'week' : 'month'} (K)`}
              min={0}
              value={k}
              onChange={(v) => typeof v === 'number' && v >= 0 && setBacktest({ capacityK: Math.floor(v) })}
              data-testid="capacity-k"
            />
            <NumberInput
              size="xs"
              w={120}
              label="Target recall"
              suffix=" %"
              min={1}
              max={100}
              value={Math.round(target * 100)}
              onChange={(v) => typeof v === 'number' && v > 0 && v <= 100 && setBacktest({ targetRecall: v / 100 })}
              data-testid="target-recall"
            />
          </Group>
        </Group>
        <Text size="sm" data-testid="capacity-summary">
          Working <b>{formatCount(cap.k)}</b> accounts a {result.backtest.cadence === 'weekly' ? 'week' : 'month'}{' '}
          reaches{' '}
          <b data-testid="capacity-recall" data-value={cap.recallAtK ?? ''}>
            {formatPct(cap.recallAtK)}
          </b>{' '}
          of churners ({formatCount(cap.churnersCaught)} of {formatCount(cap.churners)}).{' '}
          {words?.share && <span data-testid="capacity-share">{words.share} </span>}
          {cap.kForTarget === null ? (
            'No capacity reaches the target.'
          ) : (
            <>
              Reaching {formatPct(cap.targetRecall)} takes{' '}
              <b data-testid="capacity-k-for-target">{formatCount(cap.kForTarget)}</b> accounts a{' '}
              {result.backtest.cadence === 'weekly' ? 'week' : 'month'}.
            </>
          )}
        </Text>
        <Plot data={plot.data} layout={plot.layout} height={300} testId="chart-capacity" />
        <CapacityByPeriod cap={cap} cadence={cadence} words={words} />
      </Stack>
    </Paper>
  );
}
