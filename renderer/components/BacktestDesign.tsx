import { NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { HORIZONS } from '../../engine/api/schema.js';
import { useModelStore } from '../state/modelStore.js';

/** How the backtest is set up: outcome horizon and evaluation window. */
export function BacktestDesign() {
  const horizon = useModelStore((s) => s.backtest.horizonDays);
  const windowMonths = useModelStore((s) => s.backtest.windowMonths);
  const setBacktest = useModelStore((s) => s.setBacktest);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">Backtest design</Text>
      <Text size="xs" c="dimmed">Outcome: churned within</Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={String(horizon)}
        onChange={(v) => setBacktest({ horizonDays: Number(v) })}
        data={HORIZONS.map((h) => ({ value: String(h), label: `${h} d` }))}
        aria-label="Outcome horizon in days"
        data-testid="horizon"
      />
      <NumberInput
        size="xs"
        label="Evaluation window"
        description="Last N month-ends with a fully observed outcome"
        suffix=" months"
        min={1}
        max={120}
        value={windowMonths}
        onChange={(v) => typeof v === 'number' && v >= 1 && setBacktest({ windowMonths: Math.floor(v) })}
        data-testid="window-months"
      />
    </Stack>
  );
}
