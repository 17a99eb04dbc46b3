import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { WeightSuggestion as Suggestion } from '../../engine/core/api/schema.js';
import { useEngine } from '../api/engineContext.js';
import { editableOf, editingId, useModelStore } from '../state/modelStore.js';

const r3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const span = (i: [number, number] | null | undefined) => (i ? ` (${r3(i[0])}–${r3(i[1])})` : '');

const VERDICT_COLOR = { better: 'green', 'within-noise': 'gray', worse: 'red', 'not-judged': 'yellow' } as const;

/** Fit weights to churn on earlier months, compare on later ones, apply with one click. */
export function WeightSuggestion() {
  const engine = useEngine();
  const model = useModelStore((s) => s.config);
  const config = useModelStore(editableOf);
  const configurationId = useModelStore(editingId);
  const backtest = useModelStore((s) => s.backtest);
  const applyWeights = useModelStore((s) => s.applyWeights);
  // The configuration a result was fitted for: switching to another one hides it, so it cannot be applied there.
  const [state, setState] = useState<{ busy: boolean; result: Suggestion | null; error: string | null; for: string }>({
    busy: false,
    result: null,
    error: null,
    for: configurationId,
  });
  if (!model || !config) return null;
  const fit = async () => {
    setState({ busy: true, result: null, error: null, for: configurationId });
    try {
      setState({
        busy: false,
        result: await engine.suggestWeights({ config: model, backtest, configurationId }),
        error: null,
        for: configurationId,
      });
    } catch (err) {
      setState({
        busy: false,
        result: null,
        error: err instanceof Error ? err.message : String(err),
        for: configurationId,
      });
    }
  };
  const s = state.for === configurationId ? state.result : null;
  // An older engine sends no judgement: treat it as unproven rather than as an improvement.
  const verdict = s?.heldOut?.verdict ?? 'not-judged';
  const variantName =
    model.variants?.find((v) => v.id === configurationId)?.name ?? (model.variants?.length ? 'Default' : null);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={5}>Suggested weights{variantName ? ` · ${variantName}` : ''}</Title>
            <Text size="xs" c="dimmed" maw={640}>
              A logistic regression of churn within {backtest.horizonDays} days on the category scores, with every
              coefficient kept ≥ 0 (a better score never adds risk) and rescaled to sum to 100. Fitted on earlier
              month-ends, judged on the last third of the window, which it never sees.
            </Text>
          </div>
          <Button size="xs" onClick={() => void fit()} loading={state.busy} data-testid="fit-weights">
            Fit weights
          </Button>
        </Group>
        {state.error && state.for === configurationId && (
          <Alert color="red" title="Could not fit weights">
            {state.error}
          </Alert>
        )}
        {s && (
          <>
            {s.note && <Alert color="yellow">{s.note}</Alert>}
            {s.heldOut && (
              <Alert color={VERDICT_COLOR[s.heldOut.verdict]} data-testid="weight-suggestion-verdict">
                {s.heldOut.text}
              </Alert>
            )}
            {s.ignored && s.ignored.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="weight-suggestion-ignored">
                Left out of the fit (weight 0):{' '}
                {s.ignored
                  .map((x) => `${config.categories.find((c) => c.id === x.id)?.name ?? x.id} — ${x.reason}`)
                  .join('; ')}
                . Give these categories data, or remove them.
              </Text>
            )}
            <Table fz="sm" striped data-testid="weight-suggestion">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Category</Table.Th>
                  <Table.Th ta="right">Current</Table.Th>
                  <Table.Th ta="right">Suggested</Table.Th>
                  <Table.Th ta="right">Coefficient</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.categories.map((id, i) => (
                  <Table.Tr key={id}>
                    <Table.Td>{config.categories.find((c) => c.id === id)?.name ?? id}</Table.Td>
                    <Table.Td ta="right">{config.categories[i]?.weight ?? '—'} %</Table.Td>
                    <Table.Td ta="right" fw={600} data-testid={`suggested-weight-${id}`}>
                      {s.weights[i]} %
                    </Table.Td>
                    <Table.Td ta="right">{s.coefficients[i]!.toFixed(3)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" data-testid="weight-suggestion-quality">
              Held-out {s.testMonths ? `${s.testMonths.from} – ${s.testMonths.to}` : '—'} (
              {s.testSnapshots.toLocaleString('en-US')} snapshots): ROC AUC current {r3(s.current.auc)}
              {span(s.current.aucInterval)} → suggested <b>{r3(s.suggested.auc)}</b>
              {span(s.suggested.aucInterval)} (95 % intervals, resampling accounts), average precision{' '}
              {r3(s.current.averagePrecision)} → <b>{r3(s.suggested.averagePrecision)}</b>. Fitted on{' '}
              {s.trainMonths ? `${s.trainMonths.from} – ${s.trainMonths.to}` : '—'} (
              {s.trainSnapshots.toLocaleString('en-US')} snapshots).
            </Text>
            {verdict === 'worse' ? (
              <Text size="xs" c="dimmed" data-testid="apply-weights-withheld">
                Not offered: these weights rank the held-out months worse than the current ones.
              </Text>
            ) : (
              <Group>
                <Button
                  size="xs"
                  variant={verdict === 'better' ? 'filled' : 'default'}
                  onClick={() => applyWeights(s.weights, s.trainMonths)}
                  data-testid="apply-weights"
                >
                  {verdict === 'better' ? 'Apply suggested weights' : 'Apply anyway (no proven gain)'}
                </Button>
                <Text size="xs" c="dimmed">
                  The backtest then warns wherever its window overlaps the fitting months.
                </Text>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
