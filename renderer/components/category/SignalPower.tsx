/** Beside the normalisation preview: how much this signal alone tells about churn on the evaluated snapshots. */
import { Text } from '@mantine/core';
import type { PredictorInsight } from '../../../engine/core/api/schema.js';
import type { AnySignalId } from '../../../engine/core/signals/catalog.js';
import { BandChurn } from '../../charts/BandChurn.js';
import { useElementWidth } from '../../charts/useElementWidth.js';
import { formatPct, formatRatio } from '../../format.js';
import { directionWords, ivWords, unjudged } from '../insight/powerWords.js';
import { useInsight } from '../insight/useInsight.js';

// The figures' height with their band chart. While they are measured the card keeps it, so the editor does
// not grow under the pointer seconds after it opens (and push the "Add a signal" list out of view).
const FIGURES_HEIGHT = 134;

export function SignalPower({ signal }: { signal: AnySignalId }) {
  const { data, error } = useInsight();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const p = data?.signals.find((s) => s.id === signal);
  // The wrapper is there from the first render, so its width is measured before the figures arrive.
  return (
    <div ref={ref} data-testid={`signal-power-${signal}`}>
      {p ? (
        <Figures p={p} width={width} />
      ) : (
        !data &&
        !error && (
          <Text size="xs" c="dimmed" mih={FIGURES_HEIGHT}>
            Measuring how much this signal alone tells about churn…
          </Text>
        )
      )}
    </div>
  );
}

function Figures({ p, width }: { p: PredictorInsight; width: number }) {
  const why = unjudged(p);
  return (
    <>
      <Text size="xs">
        <b>Coverage</b> {why === 'no data' ? 'no data' : formatPct(p.coverage)} · <b>AUC</b>{' '}
        {why ? '—' : formatRatio(p.auc)} · <b>IV</b> {why ? '—' : `${p.iv.toFixed(3)} (${ivWords(p.iv)})`}
      </Text>
      <Text size="xs" c="dimmed">
        {why
          ? `On its own this signal cannot rank accounts here: ${why}.`
          : `On its own over the evaluated snapshots: ${directionWords(p)}. AUC 0.5 is a coin toss, 1 is perfect.`}
      </Text>
      {!why && (
        <>
          <Text size="xs" c="dimmed" mt={4}>
            Churn rate by value band (lowest values left):
          </Text>
          <BandChurn bands={p.bands} width={width} height={72} labels testId={`signal-bands-${p.id}`} />
        </>
      )}
    </>
  );
}
