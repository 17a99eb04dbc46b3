import { Button, Chip, Group, NumberInput, SegmentedControl, Slider, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { TierEditor } from './TierEditor.js';
import { editableOf, useModelStore } from '../state/modelStore.js';

/** Tier scheme, its cut points, and which tiers count as "predicted to churn". */
export function TierControls() {
  const tiers = useModelStore((s) => editableOf(s)?.tiers);
  const presets = useModelStore((s) => s.defaults?.tierPresets ?? []);
  const atRisk = useModelStore((s) => s.backtest.atRiskTiers);
  const setPreset = useModelStore((s) => s.setTierPreset);
  const setCut = useModelStore((s) => s.setCut);
  const setAtRisk = useModelStore((s) => s.setAtRisk);
  const below = useModelStore((s) => s.backtest.atRiskBelow ?? null);
  const setBacktest = useModelStore((s) => s.setBacktest);
  const [editing, setEditing] = useState(false);
  if (!tiers) return null;
  const isPreset = presets.some((p) => p.id === tiers.id);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Tiers
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)} data-testid="edit-tiers">
          Names &amp; playbooks…
        </Button>
      </Group>
      {editing && <TierEditor onClose={() => setEditing(false)} />}
      <SegmentedControl
        size="xs"
        value={tiers.id}
        onChange={setPreset}
        data={[
          ...presets.map((p) => ({ value: p.id, label: `${p.tiers.length} tiers` })),
          ...(isPreset ? [] : [{ value: tiers.id, label: `Custom (${tiers.tiers.length})` }]),
        ]}
        aria-label="Tier scheme"
        data-testid="tier-preset"
      />
      {tiers.tiers.slice(0, -1).map((t, i) => (
        <div key={t.id}>
          <Group justify="space-between" mb={2}>
            <Text size="sm">
              <span style={{ color: t.color }}>●</span> {t.name} from
            </Text>
            <Text size="sm" fw={600} data-testid={`cut-value-${t.id}`}>
              {t.min}
            </Text>
          </Group>
          <Slider
            value={t.min}
            onChange={(v) => setCut(i, v)}
            min={1}
            max={100}
            step={1}
            color={t.color}
            thumbLabel={`${t.name} lower bound`}
            data-testid={`cut-slider-${t.id}`}
            size="sm"
          />
        </div>
      ))}
      <Text size="xs" c="dimmed">
        {tiers.tiers[tiers.tiers.length - 1]!.name} below {tiers.tiers[tiers.tiers.length - 2]!.min}
      </Text>
      <Text fw={600} size="sm" mt="xs">
        Predicted to churn
      </Text>
      <SegmentedControl
        size="xs"
        value={below === null ? 'tiers' : 'threshold'}
        onChange={(v) =>
          setBacktest({ atRiskBelow: v === 'threshold' ? tiers.tiers[tiers.tiers.length - 2]!.min : null })
        }
        data={[
          { value: 'tiers', label: 'By tier' },
          { value: 'threshold', label: 'Score below…' },
        ]}
        aria-label="At-risk rule"
        data-testid="atrisk-mode"
      />
      {below === null ? (
        <Chip.Group multiple value={atRisk} onChange={setAtRisk}>
          <Group gap={6}>
            {tiers.tiers.map((t) => (
              <Chip key={t.id} value={t.id} size="xs" color={t.color} data-testid={`atrisk-${t.id}`}>
                {t.name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      ) : (
        <NumberInput
          size="xs"
          label="Score below"
          min={1}
          max={100}
          value={below}
          onChange={(v) => typeof v === 'number' && v >= 1 && v <= 100 && setBacktest({ atRiskBelow: Math.round(v) })}
          data-testid="atrisk-below"
        />
      )}
    </Stack>
  );
}
