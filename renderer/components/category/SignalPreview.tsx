/** A signal's raw values at the as-of date (bars) and the score each value gets (line), as the editor changes it. */
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Data } from 'plotly.js';
import type { CustomSignal, SignalInput } from '../../../engine/core/api/schema.js';
import { normaliseValue } from '../../../engine/core/scoring/normalise.js';
import { useEngineQuery } from '../../api/useEngineQuery.js';
import { Plot } from '../../charts/Plot.js';
import { editableOf, useModelStore } from '../../state/modelStore.js';

const CHART_HEIGHT = 150;

/**
 * Raw values at the as-of date as bars, and the score each value gets as a line. A custom signal's values
 * come from the frame built with the model's definitions (`customSignals`), applied or not.
 */
export function Preview({ input, customSignals }: { input: SignalInput; customSignals?: readonly CustomSignal[] }) {
  const asOf = useModelStore((s) => s.asOf);
  const cadence = useModelStore((s) => s.backtest.cadence);
  const baseline = useModelStore((s) => editableOf(s)?.baseline ?? 'trailing');
  const custom = customSignals && customSignals.length > 0 ? { customSignals: [...customSignals] } : {};
  const query = useEngineQuery('signalDistribution', { signal: input.signal, asOf, cadence, baseline, ...custom });
  // A failed preview shows none rather than another signal's.
  const dist = query.error ? null : query.data;
  const data = useMemo((): Data[] => {
    if (!dist || dist.bins.length === 0) return [];
    const x = dist.bins.map((b) => (b.from + b.to) / 2);
    const n = dist.bins.reduce((t, b) => t + b.count, 0);
    let below = 0;
    // Percentile: the share of accounts below each bin, as the rank the engine would give there.
    const score = dist.bins.map((b, k) => {
      const spec = input.normalisation;
      if (spec.kind !== 'percentile') return normaliseValue(x[k]!, spec);
      const pr = n > 1 ? (below + b.count / 2) / n : 0;
      below += b.count;
      return (spec.higherIsBetter ? pr : 1 - pr) * 100;
    });
    return [
      {
        type: 'bar',
        x,
        y: dist.bins.map((b) => b.count),
        marker: { color: '#a5d8ff' },
        name: 'accounts',
        hovertemplate: '%{x:.3g}: %{y} accounts<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        x,
        y: score,
        yaxis: 'y2',
        line: {
          color: '#1c7ed6',
          width: 2,
          shape: input.normalisation.kind === 'linear' || input.normalisation.kind === 'percentile' ? 'linear' : 'hv',
        },
        name: 'score',
        hovertemplate: '%{x:.3g} → %{y:.0f}<extra></extra>',
      },
    ];
  }, [dist, input.normalisation]);
  // Loading holds the chart's height: the editor opens with its cards already at their final place, so the
  // "Add a signal" list below them is not pushed out of view (and closed) when the previews arrive.
  if (!dist)
    return (
      <div data-testid={`preview-loading-${input.signal}`}>
        <Text size="xs" c="dimmed" h={CHART_HEIGHT} pt="xl" ta="center">
          Loading the distribution…
        </Text>
        <Text size="xs" c="dimmed">
          &nbsp;
        </Text>
      </div>
    );
  if (dist.bins.length === 0)
    return (
      <Text size="xs" c="dimmed">
        No account has this signal at {asOf}: its source is not loaded.
      </Text>
    );
  return (
    <div>
      <Plot
        data={data}
        height={CHART_HEIGHT}
        testId={`preview-${input.signal}`}
        layout={{
          margin: { l: 40, r: 40, t: 4, b: 28 },
          yaxis: { title: { text: '' }, rangemode: 'tozero' },
          yaxis2: { overlaying: 'y', side: 'right', range: [0, 105], tickvals: [0, 50, 100], title: { text: 'score' } },
          bargap: 0.05,
        }}
      />
      <Text size="xs" c="dimmed">
        {dist.total - dist.missing} of {dist.total} accounts have a value at {asOf}; the line is the score each value
        gets.
      </Text>
    </div>
  );
}
