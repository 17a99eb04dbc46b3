/** The fields of one signal's normalisation: its kind (linear, bands, rule points, condition, percentile) and parameters. */
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { Condition, Normalisation } from '../../../engine/core/api/schema.js';
import { SIGNALS, type AnySignalId } from '../../../engine/core/signals/catalog.js';

export const KINDS = [
  { value: 'linear', label: 'Linear between two values' },
  { value: 'bands', label: 'Bands (value ranges → score)' },
  { value: 'rules', label: 'Rule points from a base' },
  { value: 'boolean', label: 'Yes / no condition' },
  { value: 'percentile', label: 'Percentile rank' },
];
const OPS: Condition['op'][] = ['<', '<=', '>', '>=', '=='];
export const label = (id: AnySignalId) => SIGNALS.find((s) => s.id === id)?.label ?? id;
const numbers = (text: string) =>
  text
    .split(/[,;\s]+/)
    .filter((x) => x !== '')
    .map(Number);

/** A sensible starting point when the user switches a signal to another scheme. */
export function starting(kind: string, previous: Normalisation): Normalisation {
  const lo = previous.kind === 'linear' ? Math.min(previous.worst, previous.best) : 0;
  const hi = previous.kind === 'linear' ? Math.max(previous.worst, previous.best) : 1;
  switch (kind) {
    case 'bands':
      return { kind: 'bands', edges: [lo, hi], scores: [20, 60, 100] };
    case 'rules':
      return {
        kind: 'rules',
        base: 60,
        rules: [
          { when: { op: '>=', value: hi }, points: 20 },
          { when: { op: '<', value: lo }, points: -30 },
        ],
      };
    case 'boolean':
      return { kind: 'boolean', when: { op: '>', value: lo }, score: 100, otherwise: 0 };
    case 'percentile':
      return { kind: 'percentile', higherIsBetter: true, within: 'segment' };
    default:
      return { kind: 'linear', worst: lo, best: hi };
  }
}

function ConditionFields({
  value,
  onChange,
  prefix,
}: {
  value: Condition;
  onChange: (c: Condition) => void;
  prefix: string;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Select
        size="xs"
        w={70}
        aria-label={`${prefix} operator`}
        data={OPS}
        value={value.op}
        allowDeselect={false}
        onChange={(v) => v && onChange({ ...value, op: v as Condition['op'] })}
      />
      <NumberInput
        size="xs"
        w={90}
        aria-label={`${prefix} value`}
        value={value.value}
        decimalScale={4}
        onChange={(v) => typeof v === 'number' && onChange({ ...value, value: v })}
      />
    </Group>
  );
}

/** The parameters of one scheme. */
export function NormalisationFields({
  spec,
  onChange,
  name,
}: {
  spec: Normalisation;
  onChange: (n: Normalisation) => void;
  name: string;
}) {
  switch (spec.kind) {
    case 'linear':
      return (
        <Group gap="xs">
          <NumberInput
            size="xs"
            w={120}
            label="Scores 0 at"
            value={spec.worst}
            decimalScale={4}
            onChange={(v) => typeof v === 'number' && onChange({ ...spec, worst: v })}
            aria-label={`${name} worst value`}
          />
          <NumberInput
            size="xs"
            w={120}
            label="Scores 100 at"
            value={spec.best}
            decimalScale={4}
            onChange={(v) => typeof v === 'number' && onChange({ ...spec, best: v })}
            aria-label={`${name} best value`}
          />
          <Text size="xs" c="dimmed" mt={18}>
            {spec.worst > spec.best ? 'lower is better' : 'higher is better'}
          </Text>
        </Group>
      );
    case 'bands':
      return (
        <Group gap="xs" align="flex-end">
          <TextInput
            size="xs"
            w={160}
            label="Band edges"
            description="ascending, comma-separated"
            defaultValue={spec.edges.join(', ')}
            onBlur={(e) => onChange({ ...spec, edges: numbers(e.currentTarget.value) })}
            aria-label={`${name} band edges`}
          />
          <TextInput
            size="xs"
            w={180}
            label="Scores (one more than edges)"
            description="below the first edge … above the last"
            defaultValue={spec.scores.join(', ')}
            onBlur={(e) => onChange({ ...spec, scores: numbers(e.currentTarget.value) })}
            aria-label={`${name} band scores`}
          />
        </Group>
      );
    case 'rules':
      return (
        <Stack gap={4}>
          <NumberInput
            size="xs"
            w={120}
            label="Base"
            value={spec.base}
            min={0}
            max={100}
            onChange={(v) => typeof v === 'number' && onChange({ ...spec, base: v })}
            aria-label={`${name} base`}
          />
          {spec.rules.map((r, k) => (
            <Group key={k} gap={4} wrap="nowrap">
              <Text size="xs" w={20}>
                if
              </Text>
              <ConditionFields
                prefix={`${name} rule ${k + 1}`}
                value={r.when}
                onChange={(when) =>
                  onChange({ ...spec, rules: spec.rules.map((x, j) => (j === k ? { ...x, when } : x)) })
                }
              />
              <NumberInput
                size="xs"
                w={90}
                aria-label={`${name} rule ${k + 1} points`}
                value={r.points}
                min={-100}
                max={100}
                prefix={r.points >= 0 ? '+' : ''}
                onChange={(v) =>
                  typeof v === 'number' &&
                  onChange({ ...spec, rules: spec.rules.map((x, j) => (j === k ? { ...x, points: v } : x)) })
                }
              />
              <Text size="xs">points</Text>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={`Remove ${name} rule ${k + 1}`}
                disabled={spec.rules.length === 1}
                onClick={() => onChange({ ...spec, rules: spec.rules.filter((_, j) => j !== k) })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            size="compact-xs"
            variant="subtle"
            w="fit-content"
            onClick={() => onChange({ ...spec, rules: [...spec.rules, { when: { op: '<', value: 0 }, points: -10 }] })}
          >
            Add a rule
          </Button>
        </Stack>
      );
    case 'boolean':
      return (
        <Group gap="xs" align="flex-end">
          <Text size="xs" mb={6}>
            when value
          </Text>
          <ConditionFields prefix={name} value={spec.when} onChange={(when) => onChange({ ...spec, when })} />
          <NumberInput
            size="xs"
            w={90}
            label="score"
            value={spec.score}
            min={0}
            max={100}
            onChange={(v) => typeof v === 'number' && onChange({ ...spec, score: v })}
          />
          <NumberInput
            size="xs"
            w={90}
            label="otherwise"
            value={spec.otherwise}
            min={0}
            max={100}
            onChange={(v) => typeof v === 'number' && onChange({ ...spec, otherwise: v })}
          />
        </Group>
      );
    case 'percentile':
      return (
        <Group gap="md">
          <Select
            size="xs"
            w={200}
            label="Ranked among"
            value={spec.within}
            allowDeselect={false}
            data={[
              { value: 'segment', label: 'accounts in the same segment' },
              { value: 'portfolio', label: 'the whole portfolio' },
            ]}
            onChange={(v) => v && onChange({ ...spec, within: v as 'segment' | 'portfolio' })}
          />
          <Switch
            size="xs"
            mt={18}
            label="Higher is better"
            checked={spec.higherIsBetter}
            onChange={(e) => onChange({ ...spec, higherIsBetter: e.currentTarget.checked })}
          />
        </Group>
      );
  }
}
