import { Button, Group, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { CutSuggestion, Tier } from '../../engine/core/api/schema.js';
import { accountsBelow, MIN_LIFT } from '../../engine/core/backtest/cutSuggestions.js';
import { formatPct } from '../format.js';
import { atRiskBoundary, editableOf, useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

const GOALS: Record<CutSuggestion['goal'], string> = {
  'max-f1': 'Best F1',
  'target-recall': 'Target recall, best precision',
  'min-cost': 'Lowest cost of errors',
};

/** Cut points that optimise a stated goal, each applicable with one click. */
export function SuggestionsView() {
  const result = useSessionStore((s) => s.result);
  const config = useModelStore(editableOf);
  const backtest = useModelStore((s) => s.backtest);
  const setBacktest = useModelStore((s) => s.setBacktest);
  const apply = useModelStore((s) => s.applyAtRiskThreshold);
  if (!result || !config) return null;
  const byScore = backtest.atRiskBelow !== null && backtest.atRiskBelow !== undefined;
  const boundary = byScore ? null : atRiskBoundary(config, backtest.atRiskTiers);
  const current = byScore ? backtest.atRiskBelow! : boundary === null ? null : config.tiers.tiers[boundary]!.min;
  // The playbook the at-risk accounts get: the most urgent one among the at-risk tiers.
  const atRiskTiers = config.tiers.tiers.filter((t) => backtest.atRiskTiers.includes(t.id));
  const urgent = atRiskTiers.reduce<Tier | null>(
    (a, t) => (t.responseHours !== undefined && (!a?.responseHours || t.responseHours < a.responseHours) ? t : a),
    null,
  );
  const playbook = urgent?.responseHours ? `the ${urgent.responseHours}-hour playbook` : 'the at-risk playbook';
  const load = (t: number) =>
    `${accountsBelow(result.portfolio.histogram, t).toLocaleString('en-US')} accounts would get ${playbook} at ${result.portfolio.asOf}`;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <div>
          <Title order={5}>Suggested cut point for the at-risk set</Title>
          <Text size="xs" c="dimmed">
            At risk when the score is below T, chosen on the evaluated snapshots.{' '}
            {current === null
              ? 'Pick the worst tiers (or a score threshold) as the at-risk rule to apply a suggestion.'
              : `Now: below ${current}${byScore ? '' : ', the lower bound of the healthiest tier not at risk'}.`}
          </Text>
        </div>
        <Group gap="xs">
          <NumberInput
            size="xs"
            w={170}
            label="Cost of a missed churner"
            min={0}
            value={backtest.costMissed}
            onChange={(v) => typeof v === 'number' && v >= 0 && setBacktest({ costMissed: v })}
          />
          <NumberInput
            size="xs"
            w={190}
            label="Cost of a needless intervention"
            min={0}
            value={backtest.costNeedless}
            onChange={(v) => typeof v === 'number' && v >= 0 && setBacktest({ costNeedless: v })}
          />
          <NumberInput
            size="xs"
            w={120}
            label="Target recall"
            suffix=" %"
            min={1}
            max={100}
            value={Math.round(backtest.targetRecall * 100)}
            onChange={(v) => typeof v === 'number' && v > 0 && v <= 100 && setBacktest({ targetRecall: v / 100 })}
          />
        </Group>
        <Table striped fz="sm" data-testid="cut-suggestions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Goal</Table.Th>
              <Table.Th ta="right">Below</Table.Th>
              <Table.Th ta="right">Precision (base rate)</Table.Th>
              <Table.Th ta="right">Recall</Table.Th>
              <Table.Th ta="right">F1</Table.Th>
              <Table.Th>Playbook load</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.backtest.suggestedCuts.map((s) => (
              <Table.Tr key={s.goal} data-testid={`suggestion-${s.goal}`}>
                <Table.Td>
                  {GOALS[s.goal]}
                  {s.goal === 'min-cost' && s.cost !== null ? ` (cost ${s.cost.toLocaleString('en-US')})` : ''}
                </Table.Td>
                <Table.Td ta="right" data-value={s.threshold ?? ''}>
                  {s.threshold ?? '—'}
                </Table.Td>
                <Table.Td ta="right">
                  {formatPct(s.metrics?.precision)}
                  {s.metrics ? ` (${formatPct(s.metrics.baseRate)})` : ''}
                </Table.Td>
                <Table.Td ta="right">{formatPct(s.metrics?.recall)}</Table.Td>
                <Table.Td ta="right">{formatPct(s.metrics?.f1)}</Table.Td>
                <Table.Td data-testid={`suggestion-load-${s.goal}`}>
                  {s.threshold !== null ? (
                    <>
                      {load(s.threshold)}
                      {s.flaggedShare != null ? `; ${formatPct(s.flaggedShare)} of the evaluated snapshots` : ''}
                    </>
                  ) : (
                    <Text size="xs" c="dimmed" span>
                      {s.note ?? 'No cut point meets this goal.'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-xs"
                    variant="light"
                    disabled={s.threshold === null || current === null || s.threshold === current}
                    onClick={() => s.threshold !== null && apply(s.threshold)}
                  >
                    Apply
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          A suggestion is fitted on the same snapshots it is scored on, so its metrics are optimistic; check it on a
          later window before adopting it. Only cuts whose at-risk accounts churn at least {MIN_LIFT}× as often as the
          base rate are suggested: below that, a playbook goes to accounts little riskier than the rest.
        </Text>
      </Stack>
    </Paper>
  );
}
