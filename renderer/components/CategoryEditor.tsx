import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { Data } from 'plotly.js';
import type { Category, Condition, Normalisation, SignalInput } from '../../engine/core/api/schema.js';
import { SIGNALS, type SignalId } from '../../engine/core/signals/catalog.js';
import { normaliseValue } from '../../engine/core/scoring/normalise.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { useEngineQuery } from '../api/useEngineQuery.js';
import { Plot } from '../charts/Plot.js';
import { EditFooter } from './EditFooter.js';
import { editableOf, useModelStore } from '../state/modelStore.js';

const KINDS = [
  { value: 'linear', label: 'Linear between two values' },
  { value: 'bands', label: 'Bands (value ranges → score)' },
  { value: 'rules', label: 'Rule points from a base' },
  { value: 'boolean', label: 'Yes / no condition' },
  { value: 'percentile', label: 'Percentile rank' },
];
const OPS: Condition['op'][] = ['<', '<=', '>', '>=', '=='];
const label = (id: SignalId) => SIGNALS.find((s) => s.id === id)?.label ?? id;
const numbers = (text: string) =>
  text
    .split(/[,;\s]+/)
    .filter((x) => x !== '')
    .map(Number);

/** A sensible starting point when the user switches a signal to another scheme. */
function starting(kind: string, previous: Normalisation): Normalisation {
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
function NormalisationFields({
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

/** Raw values at the as-of date as bars, and the score each value gets as a line. */
function Preview({ input }: { input: SignalInput }) {
  const asOf = useModelStore((s) => s.asOf);
  const cadence = useModelStore((s) => s.backtest.cadence);
  const baseline = useModelStore((s) => editableOf(s)?.baseline ?? 'trailing');
  const query = useEngineQuery('signalDistribution', { signal: input.signal, asOf, cadence, baseline });
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
  if (!dist)
    return (
      <Text size="xs" c="dimmed">
        Loading the distribution…
      </Text>
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
        height={150}
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

function SignalCard({
  input,
  onChange,
  onRemove,
}: {
  input: SignalInput;
  onChange: (s: SignalInput) => void;
  onRemove: (() => void) | null;
}) {
  const name = label(input.signal);
  return (
    <Card withBorder padding="xs" data-testid={`signal-card-${input.signal}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {name}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <NumberInput
              size="xs"
              w={90}
              aria-label={`${name} weight in the category`}
              value={input.weight}
              min={0.1}
              step={0.5}
              decimalScale={2}
              prefix="× "
              onChange={(v) => typeof v === 'number' && v > 0 && onChange({ ...input, weight: v })}
            />
            <Select
              size="xs"
              w={220}
              aria-label={`${name} normalisation`}
              data={KINDS}
              value={input.normalisation.kind}
              allowDeselect={false}
              onChange={(v) =>
                v &&
                v !== input.normalisation.kind &&
                onChange({ ...input, normalisation: starting(v, input.normalisation) })
              }
              data-testid={`kind-${input.signal}`}
            />
            {onRemove && (
              <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
                ×
              </ActionIcon>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {SIGNALS.find((s) => s.id === input.signal)?.description}
        </Text>
        <NormalisationFields
          spec={input.normalisation}
          name={name}
          onChange={(normalisation) => onChange({ ...input, normalisation })}
        />
        <Preview input={input} />
      </Stack>
    </Card>
  );
}

/** The default input for a signal: its normalisation in the default model, else linear 0–1. */
function defaultInput(signal: SignalId): SignalInput {
  for (const c of DEFAULT_CONFIG.categories) for (const s of c.signals) if (s.signal === signal) return s;
  return { signal, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 1 } };
}

const slug = (name: string, taken: string[]) => {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'c_$1') || 'category';
  let id = /^[a-z]/.test(base) ? base : `c_${base}`;
  for (let k = 2; taken.includes(id); k++) id = `${base}_${k}`;
  return id;
};

/**
 * Edit one category (index) or create one (index === null): name, signals,
 * their weights and normalisation with a live preview; apply as one undoable edit.
 */
export function CategoryEditor({ index, onClose }: { index: number | null; onClose: () => void }) {
  const config = useModelStore(editableOf);
  const setCategories = useModelStore((s) => s.setCategories);
  const [draft, setDraft] = useState<Category | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (!config) return;
    setProblems([]);
    setDraft(
      index === null
        ? { id: '', name: 'New category', weight: 0, signals: [defaultInput('nps_latest')] }
        : config.categories[index]!,
    );
  }, [index, config]);
  if (!config || !draft) return null;
  const others = config.categories.filter((_, i) => i !== index);
  const unused = SIGNALS.filter((s) => !draft.signals.some((x) => x.signal === s.id));
  const apply = () => {
    const cat = {
      ...draft,
      id:
        index === null
          ? slug(
              draft.name,
              others.map((c) => c.id),
            )
          : draft.id,
    };
    const next =
      index === null ? [...config.categories, cat] : config.categories.map((c, i) => (i === index ? cat : c));
    const errors = setCategories(next);
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const remove = () => {
    if (index === null) return;
    // The removed weight goes to the others in proportion, so the total stays 100.
    const rest = config.categories.filter((_, i) => i !== index);
    const restTotal = rest.reduce((t, c) => t + c.weight, 0);
    const freed = config.categories[index]!.weight;
    let weights = rest.map((c) =>
      restTotal > 0 ? Math.floor(c.weight + (freed * c.weight) / restTotal) : Math.floor(100 / rest.length),
    );
    const short = 100 - weights.reduce((t, w) => t + w, 0);
    weights = weights.map((w, i) => (i === 0 ? w + short : w));
    const errors = setCategories(rest.map((c, i) => ({ ...c, weight: weights[i]! })));
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  const count = config.categories.length + (index === null ? 1 : 0);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={index === null ? 'Add a category' : `Edit ${config.categories[index]!.name}`}
      data-testid="category-editor"
    >
      <Stack gap="sm">
        <TextInput
          label="Category name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          data-testid="category-name"
        />
        {index === null && (
          <Text size="xs" c="dimmed">
            A new category starts at weight 0 %: move its slider to give it weight.
          </Text>
        )}
        {(count < 3 || count > 7) && (
          <Alert color="yellow" py={6}>
            Health scores work best with 3 to 7 categories; this model would have {count}.
          </Alert>
        )}
        {draft.signals.map((s, k) => (
          <SignalCard
            key={s.signal}
            input={s}
            onChange={(next) => setDraft({ ...draft, signals: draft.signals.map((x, j) => (j === k ? next : x)) })}
            onRemove={
              draft.signals.length > 1
                ? () => setDraft({ ...draft, signals: draft.signals.filter((_, j) => j !== k) })
                : null
            }
          />
        ))}
        <Select
          size="xs"
          w={300}
          placeholder="Add a signal…"
          aria-label="Add a signal"
          value={null}
          data={unused.map((s) => ({ value: s.id, label: `${s.label} (${s.category})` }))}
          onChange={(v) => v && setDraft({ ...draft, signals: [...draft.signals, defaultInput(v as SignalId)] })}
          data-testid="add-signal"
        />
        <EditFooter
          problems={problems}
          problemsTestId="category-problems"
          onCancel={onClose}
          onApply={apply}
          applyTestId="apply-category"
          extra={
            index !== null ? (
              <Button
                variant="subtle"
                color="red"
                onClick={remove}
                disabled={config.categories.length <= 1}
                data-testid="remove-category"
              >
                Remove category
              </Button>
            ) : null
          }
        />
      </Stack>
    </Modal>
  );
}
