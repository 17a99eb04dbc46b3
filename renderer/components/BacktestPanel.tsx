import { Alert, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ClassificationMetrics } from '../../engine/core/api/schema.js';
import { formatCount, formatMonth, formatPct } from '../format.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

type Interval = [number, number] | null | undefined;

function Metric({
  label,
  value,
  id,
  hint,
  ci,
  asRatio,
}: {
  label: string;
  value: number | null;
  id: string;
  hint: string;
  ci?: Interval;
  asRatio?: boolean;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} title={hint}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`metric-${id}`} data-value={value === null ? '' : String(value)}>
        {asRatio ? (value === null ? '—' : value.toFixed(3)) : formatPct(value)}
      </Text>
      {ci !== undefined && (
        <Text size="xs" c="dimmed" data-testid={`ci-${id}`}>
          {ci === null
            ? '95 % CI: …'
            : `95 % CI ${asRatio ? ci[0].toFixed(3) : formatPct(ci[0])} – ${asRatio ? ci[1].toFixed(3) : formatPct(ci[1])}`}
        </Text>
      )}
    </div>
  );
}

function Confusion({ m }: { m: ClassificationMetrics }) {
  const c = m.confusion;
  const cell = (id: string, n: number, tone: string) => (
    <Table.Td
      ta="right"
      data-testid={`confusion-${id}`}
      data-value={n}
      style={{ background: tone, fontVariantNumeric: 'tabular-nums' }}
    >
      {formatCount(n)}
    </Table.Td>
  );
  return (
    <Table withTableBorder withColumnBorders fz="sm" aria-label="Confusion matrix" data-testid="confusion-matrix">
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Churned</Table.Th>
          <Table.Th ta="right">Stayed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th>Predicted at risk</Table.Th>
          {cell('tp', c.tp, '#ebfbee')}
          {cell('fp', c.fp, '#fff5f5')}
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Not at risk</Table.Th>
          {cell('fn', c.fn, '#fff5f5')}
          {cell('tn', c.tn, '#ebfbee')}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** "Do the at-risk tiers predict churn?" — headline metrics, confusion matrix, and what was evaluated. */
export function BacktestPanel() {
  const result = useSessionStore((s) => s.result);
  const intervals = useSessionStore((s) => s.intervals);
  const tiers = useModelStore((s) => s.config?.tiers.tiers ?? []);
  const atRisk = useModelStore((s) => s.backtest.atRiskTiers);
  const below = useModelStore((s) => s.backtest.atRiskBelow ?? null);
  if (!result) return null;
  const b = result.backtest;
  const names =
    below !== null
      ? `A score below ${below}`
      : tiers
          .filter((t) => atRisk.includes(t.id))
          .map((t) => t.name)
          .join(' + ');
  const weekly = b.cadence === 'weekly';
  const fmt = (d: string) => (weekly ? d : formatMonth(d));
  const period =
    b.periods.length > 0 ? `${fmt(b.periods[0]!)} – ${fmt(b.periods[b.periods.length - 1]!)}` : 'no snapshot date';
  const event = b.outcome === 'renewal' ? 'a missed renewal' : 'churn';
  const unit = weekly ? 'account-week' : 'account-month';
  const end = weekly ? 'week-end' : 'month-end';
  const warnings = b.warnings.filter((w) => w.kind !== 'non-monotonic');
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={4}>
            Backtest: {names || 'no tier'} predicts {event} within {b.horizonDays} days
          </Title>
        </Group>
        {!b.monotonic && (
          <Alert color="red" variant="filled" title="Tier order is broken" data-testid="monotonic-alert">
            Churn rate does not rise from the healthiest tier to the worst: a worse tier churns no more than a better
            one. The score is not ranking risk correctly at these settings.
          </Alert>
        )}
        {warnings.length > 0 && (
          <Alert color="yellow" title="Check before trusting these numbers" data-testid="backtest-warnings">
            <List size="sm">
              {warnings.map((w) => (
                <List.Item key={w.message}>{w.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {b.evaluated === 0 ? (
          <Alert color="yellow" title="Nothing to evaluate" data-testid="backtest-empty">
            No {end} has a fully observed {b.horizonDays}-day outcome yet. {formatCount(b.censored)} snapshots are
            waiting for their horizon to pass.
          </Alert>
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Metric
                label="Precision"
                id="precision"
                value={b.overall.precision}
                ci={intervals?.precision ?? null}
                hint="Of snapshots predicted at risk, the share that churned"
              />
              <Metric
                label="Recall"
                id="recall"
                value={b.overall.recall}
                ci={intervals?.recall ?? null}
                hint="Of snapshots that churned, the share predicted at risk"
              />
              <Metric
                label="F1"
                id="f1"
                value={b.overall.f1}
                ci={intervals?.f1 ?? null}
                hint="Harmonic mean of precision and recall"
              />
              <Metric
                label="ROC AUC"
                id="auc"
                value={b.auc}
                ci={intervals?.auc ?? null}
                asRatio
                hint="Chance a churner scores below a stayer (0.5 = no better than random); independent of the cut points"
              />
              <Metric
                label="Base rate"
                id="base-rate"
                value={b.overall.baseRate}
                hint="Share of evaluated snapshots that churned within the horizon"
              />
              <Metric
                label="Specificity"
                id="specificity"
                value={b.overall.specificity}
                hint="Of snapshots that stayed, the share not flagged"
              />
              <Metric
                label="Accuracy"
                id="accuracy"
                value={b.overall.accuracy}
                hint="Share of snapshots classified correctly (dominated by stayers when churn is rare)"
              />
              <Metric
                label="Lift"
                id="lift"
                value={b.overall.lift}
                asRatio
                hint="Churn rate of the at-risk set over the base rate"
              />
              <Metric
                label="Avg precision"
                id="average-precision"
                value={b.averagePrecision}
                asRatio
                hint="Area under the precision–recall curve"
              />
              <Metric
                label="Churned ARR caught"
                id="arr-captured"
                value={b.arrCaptured}
                hint="Share of churned ARR that was in the at-risk set"
              />
              <Metric
                label="Top-decile lift"
                id="top-decile-lift"
                value={b.topDecileLift}
                asRatio
                hint="Churn rate of the lowest-scored 10 % over the base rate"
              />
            </SimpleGrid>
            <Confusion m={b.overall} />
          </>
        )}
        <Text size="xs" c="dimmed" data-testid="backtest-coverage">
          Evaluated{' '}
          <b data-testid="evaluated-count" data-value={b.evaluated}>
            {formatCount(b.evaluated)}
          </b>{' '}
          {unit} snapshots from {period}. Excluded{' '}
          <b data-testid="censored-count" data-value={b.censored}>
            {formatCount(b.censored)}
          </b>{' '}
          later snapshots whose {b.horizonDays}-day outcome is not yet observed
          {b.outsideWindow > 0 && (
            <>
              {' '}
              and <b data-testid="outside-window-count">{formatCount(b.outsideWindow)}</b> earlier ones outside the
              window
            </>
          )}
          . Signals use only data dated on or before each {end}.
          {b.outcome === 'renewal' &&
            ' Outcome: the first renewal date after the snapshot that passed without renewal.'}{' '}
          Intervals: 200 bootstrap resamples of accounts.
        </Text>
      </Stack>
    </Paper>
  );
}
