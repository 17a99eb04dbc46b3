import { Select } from '@mantine/core';
import { formatMonth } from '../format.js';
import { useModelStore } from '../state/modelStore.js';

export function AsOfSelect() {
  const months = useModelStore((s) => s.months);
  const asOf = useModelStore((s) => s.asOf);
  const setAsOf = useModelStore((s) => s.setAsOf);
  return (
    <Select
      label="Scored as of"
      description="Month-end for the portfolio view"
      data={[...months].reverse().map((m) => ({ value: m, label: `${formatMonth(m)} (${m})` }))}
      value={asOf}
      onChange={(v) => v && setAsOf(v)}
      allowDeselect={false}
      size="sm"
      data-testid="asof-select"
    />
  );
}
