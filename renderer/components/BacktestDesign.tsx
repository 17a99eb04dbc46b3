import { NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { HORIZONS } from '../../engine/core/api/schema.js';
import { useEngineQuery } from '../api/useEngineQuery.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

/** How the backtest is set up: outcome horizon and evaluation window. */
export function BacktestDesign() {
  const horizon = useModelStore((s) => s.backtest.horizonDays);
  const windowMonths = useModelStore((s) => s.backtest.windowMonths);
  const setBacktest = useModelStore((s) => s.setBacktest);
  const cadence = useModelStore((s) => s.backtest.cadence);
  const outcome = useModelStore((s) => s.backtest.outcome);
  const hasRenewals = useSessionStore((s) => s.dataset?.hasRenewals ?? false);
  const switching = useSessionStore((s) => s.switching);
  const overrides = useModelStore((s) => s.backtest.overrides);
  const overrideRows = useSessionStore((s) => s.dataset?.tables.find((t) => t.name === 'overrides')?.rows ?? 0);
  const graceDays = useModelStore((s) => s.backtest.graceDays);
  const generation = useSessionStore((s) => s.generation);
  // The grace period only moves churn that comes from subscriptions ending: offered only when some does.
  const outcomes = useEngineQuery('getDataQuality', {}, { refresh: generation }).data?.outcomes;
  const fromSubscriptions = (outcomes?.churnsFromSubscriptions ?? 0) > 0;
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Backtest design
      </Text>
      <Text size="xs" c="dimmed">
        Snapshots
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={cadence}
        onChange={(v) => setBacktest({ cadence: v === 'weekly' ? 'weekly' : 'monthly' })}
        data={[
          { value: 'monthly', label: 'Monthly' },
          { value: 'weekly', label: 'Weekly' },
        ]}
        aria-label="Snapshot cadence"
        data-testid="cadence"
      />
      {switching && (
        <Text size="xs" c="indigo" data-testid="cadence-switching">
          {switching}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Outcome from
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={outcome}
        onChange={(v) => setBacktest({ outcome: v === 'renewal' ? 'renewal' : 'churn' })}
        data={[
          { value: 'churn', label: 'Churn events' },
          { value: 'renewal', label: 'Missed renewals', disabled: !hasRenewals },
        ]}
        aria-label="Outcome source"
        data-testid="outcome-source"
      />
      <Text size="xs" c="dimmed">
        CSM overrides
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={overrides}
        onChange={(v) => setBacktest({ overrides: v === 'apply' ? 'apply' : 'ignore' })}
        data={[
          { value: 'ignore', label: 'Model alone' },
          { value: 'apply', label: 'With overrides', disabled: overrideRows === 0 },
        ]}
        aria-label="CSM overrides in the backtest"
        data-testid="overrides-mode"
      />
      <Text size="xs" c="dimmed">
        Outcome: churned within
      </Text>
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
        description="Snapshots of the last N months with a fully observed outcome"
        suffix=" months"
        min={1}
        max={120}
        value={windowMonths}
        onChange={(v) => typeof v === 'number' && v >= 1 && setBacktest({ windowMonths: Math.floor(v) })}
        data-testid="window-months"
      />
      {fromSubscriptions && outcomes && (
        <NumberInput
          size="xs"
          label="Grace between subscriptions"
          description={`A new subscription within this many days of the last one ending keeps the account; a longer gap is churn when it ended (${outcomes.churnsFromSubscriptions.toLocaleString('en-US')} churns at the default ${outcomes.graceDays} days)`}
          suffix=" days"
          min={0}
          max={365}
          allowDecimal={false}
          value={graceDays ?? outcomes.graceDays}
          onChange={(v) =>
            typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 365 && setBacktest({ graceDays: v })
          }
          data-testid="grace-days"
        />
      )}
    </Stack>
  );
}
