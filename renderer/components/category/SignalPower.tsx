/** Beside the normalisation preview: how much this signal alone tells about churn on the evaluated snapshots. */
import { Group, Text } from '@mantine/core';
import type { SignalId } from '../../../engine/core/signals/catalog.js';
import { BandChurn } from '../../charts/BandChurn.js';
import { formatPct, formatRatio } from '../../format.js';
import { directionWords, ivWords, unjudged } from '../insight/powerWords.js';
import { useInsight } from '../insight/useInsight.js';

export function SignalPower({ signal }: { signal: SignalId }) {
  const { data } = useInsight();
  const p = data?.signals.find((s) => s.id === signal);
  if (!p) return null;
  const why = unjudged(p);
  return (
    <div data-testid={`signal-power-${signal}`}>
      <Group gap="md" align="flex-end" wrap="nowrap">
        <div>
          <Text size="xs">
            <b>Coverage</b> {why === 'no data' ? 'no data' : formatPct(p.coverage)} · <b>AUC</b>{' '}
            {why ? '—' : formatRatio(p.auc)} · <b>IV</b> {why ? '—' : `${p.iv.toFixed(3)} (${ivWords(p.iv)})`}
          </Text>
          <Text size="xs" c="dimmed">
            {why
              ? `On its own this signal cannot rank accounts here: ${why}.`
              : `On its own over the evaluated snapshots: ${directionWords(p)}. AUC 0.5 is a coin toss, 1 is perfect.`}
          </Text>
        </div>
        {!why && <BandChurn bands={p.bands} width={200} height={58} labels testId={`signal-bands-${signal}`} />}
      </Group>
    </div>
  );
}
