import { Select } from '@mantine/core';
import { formatMonth } from '../format.js';
import { useModelStore } from '../state/modelStore.js';

export function AsOfSelect() {
  const periods = useModelStore((s) => s.periods);
  const cadence = useModelStore((s) => s.backtest.cadence);
  const asOf = useModelStore((s) => s.asOf);
  const setAsOf = useModelStore((s) => s.setAsOf);
  return (
    <Select
      label="Scored as of"
      description={
        cadence === 'monthly' ? 'Month-end for the portfolio view' : 'Week ending (Sunday) for the portfolio view'
      }
      data={[...periods]
        .reverse()
        .map((m) => ({ value: m, label: cadence === 'monthly' ? `${formatMonth(m)} (${m})` : `Week ending ${m}` }))}
      value={asOf}
      onChange={(v) => v && setAsOf(v)}
      allowDeselect={false}
      size="sm"
      data-testid="asof-select"
    />
  );
}
