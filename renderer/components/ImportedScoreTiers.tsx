/**
 * How "Your current score" is cut into tiers in Compare: by the platform's own
 * statuses (Green/Yellow/Red, Good/Fair/Poor) when they follow score ranges,
 * or by cut points the user sets, starting from the workbench's.
 */
import { Group, NumberInput, SegmentedControl, Text } from '@mantine/core';
import type { BacktestSettings, ModelConfig, ScenarioInput, TierScheme } from '../../engine/core/api/schema.js';
import { CURRENT_SCORE_NAME } from '../../engine/core/compare/currentScore.js';

export interface ImportedTiers {
  from: 'status' | 'cuts';
  /** Lower bound of each tier but the last; null: the workbench's cut points. */
  cuts: number[] | null;
}

/** The scenario Compare sends for the imported score: the workbench's tiers, re-cut where the user says. */
export function importedScenario(config: ModelConfig, backtest: BacktestSettings, tiers: ImportedTiers): ScenarioInput {
  const scheme: TierScheme = {
    ...config.tiers,
    tiers: config.tiers.tiers.map((t, k) => ({ ...t, min: tiers.cuts?.[k] ?? t.min })),
  };
  return {
    name: CURRENT_SCORE_NAME,
    config: { ...config, tiers: scheme, variants: undefined },
    backtest,
    score: 'imported',
    tiersFrom: tiers.from,
  };
}

export function ImportedScoreTiers({
  value,
  onChange,
  tiers,
}: {
  value: ImportedTiers;
  onChange: (v: ImportedTiers) => void;
  tiers: TierScheme;
}) {
  const cuts = value.cuts ?? tiers.tiers.slice(0, -1).map((t) => t.min);
  const setCut = (k: number, v: number) => {
    const next = cuts.slice();
    next[k] = v;
    onChange({ ...value, cuts: next });
  };
  return (
    <Group gap="xs" mt="xs" align="flex-end" data-testid="imported-tiers">
      <div>
        <Text size="xs" fw={500}>
          {CURRENT_SCORE_NAME}: tiers from
        </Text>
        <SegmentedControl
          size="xs"
          value={value.from}
          onChange={(v) => onChange({ ...value, from: v === 'cuts' ? 'cuts' : 'status' })}
          data={[
            { value: 'status', label: 'its statuses' },
            { value: 'cuts', label: 'cut points' },
          ]}
        />
      </div>
      {value.from === 'cuts' &&
        tiers.tiers
          .slice(0, -1)
          .map((t, k) => (
            <NumberInput
              key={t.id}
              size="xs"
              w={92}
              label={`${t.name} from`}
              min={0}
              max={100}
              allowDecimal={false}
              value={cuts[k]}
              onChange={(v) => typeof v === 'number' && setCut(k, v)}
              data-testid={`imported-cut-${t.id}`}
            />
          ))}
      <Text size="xs" c="dimmed" maw={360}>
        {value.from === 'status'
          ? "Each status becomes a tier when it holds its own score range; if they overlap, Compare says so and uses the workbench's cut points."
          : 'A 1–10 score is read × 10, so cut on 0–100.'}
      </Text>
    </Group>
  );
}
