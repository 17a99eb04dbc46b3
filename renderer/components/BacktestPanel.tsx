import { Alert, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ClassificationMetrics } from '../../engine/core/api/schema.js';
import { outcomePhrase } from '../../engine/core/backtest/outcomeWords.js';
import { formatCount, formatMonth, formatPct, formatRatio, formatTimes } from '../format.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

type Interval = [number, number] | null | undefined;

function Metric({
  label,
  value,
  id,
  hint,
  ci,
  kind = 'pct',
}: {
  label: string;
  value: number | null;
  id: string;
  /** What it means for accounts, shown under the figure. */
  hint: string;
  ci?: Interval;
  kind?: 'pct' | 'ratio' | 'times';
}) {
  const show = kind === 'ratio' ? formatRatio : kind === 'times' ? formatTimes : formatPct;
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`metric-${id}`} data-value={value === null ? '' : String(value)}>
        {show(value)}
      </Text>
      {ci !== undefined && (
        <Text size="xs" c="dimmed" data-testid={`ci-${id}`}>
          {ci === null ? '95 % CI: …' : `95 % CI ${show(ci[0])} – ${show(ci[1])}`}
        </Text>
      )}
      <Text size="xs" c="dimmed" lh={1.3} data-testid={`meaning-${id}`}>
        {hint}
      </Text>
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
  /** While the bootstrap runs: null ("…"); on a result from before an interval existed, or a figure with no value: none. */
  const ci = (value: number | null, of: (i: NonNullable<typeof intervals>) => Interval): Interval =>
    value === null ? undefined : intervals ? of(intervals) : null;
  const tierCi = new Map((intervals?.tiers ?? []).map((t) => [t.tierId, t.churnRate]));
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
  const churned = b.outcome === 'renewal' ? 'missed a renewal' : 'churned';
  // A one-moment export: at its one date, the accounts that had churned by then.
  const when = b.oneMoment !== undefined ? `on ${fmt(b.oneMoment)}` : `at a ${end}`;
  const outcome = outcomePhrase(b);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={4}>
            {b.oneMoment !== undefined
              ? `One moment: ${names || 'no tier'} against the accounts that had churned by ${fmt(b.oneMoment)}`
              : `Backtest: ${names || 'no tier'} predicts ${event} within ${b.horizonDays} days`}
          </Title>
        </Group>
        {b.warnings.length > 0 && (
          <Alert color="yellow" title="Check before trusting these numbers" data-testid="backtest-warnings">
            <List size="sm">
              {b.warnings.map((w) => (
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
                hint={`Of accounts flagged ${when}, the share that ${outcome}`}
              />
              <Metric
                label="Recall"
                id="recall"
                value={b.overall.recall}
                ci={intervals?.recall ?? null}
                hint={`Of accounts that ${churned}, the share flagged beforehand`}
              />
              <Metric
                label="F1"
                id="f1"
                value={b.overall.f1}
                ci={intervals?.f1 ?? null}
                hint="One figure balancing the two above (their harmonic mean)"
              />
              <Metric
                label="ROC AUC"
                id="auc"
                value={b.auc}
                ci={intervals?.auc ?? null}
                kind="ratio"
                hint="Chance a churner scores below an account that stayed: 0.5 is a coin toss, 1 is perfect; cut points do not change it"
              />
              <Metric
                label="Base rate"
                id="base-rate"
                value={b.overall.baseRate}
                hint={`Of all accounts ${when}, the share that ${outcome}`}
              />
              <Metric
                label="Specificity"
                id="specificity"
                value={b.overall.specificity}
                hint="Of accounts that stayed, the share left alone (not flagged)"
              />
              <Metric
                label="Accuracy"
                id="accuracy"
                value={b.overall.accuracy}
                hint="Share judged right; high whenever churn is rare, so read precision and recall instead"
              />
              <Metric
                label="Lift"
                id="lift"
                value={b.overall.lift}
                kind="times"
                ci={ci(b.overall.lift, (i) => i.lift)}
                hint="How many times more often flagged accounts churned than the average account"
              />
              <Metric
                label="Avg precision"
                id="average-precision"
                value={b.averagePrecision}
                kind="ratio"
                ci={ci(b.averagePrecision, (i) => i.averagePrecision)}
                hint={`Precision averaged over every cut; scoring at random gets the base rate (${formatPct(b.overall.baseRate)})`}
              />
              <Metric
                label="Churned ARR caught"
                id="arr-captured"
                value={b.arrCaptured}
                ci={ci(b.arrCaptured, (i) => i.arrCaptured)}
                hint="Of the ARR that churned, the share that was flagged beforehand"
              />
              <Metric
                label="Top-decile lift"
                id="top-decile-lift"
                value={b.topDecileLift}
                kind="times"
                ci={ci(b.topDecileLift, (i) => i.topDecileLift)}
                hint="How many times more often the lowest-scored 10 % churned than the average account"
              />
            </SimpleGrid>
            {intervals?.tiers && (
              <Text size="xs" c="dimmed" data-testid="tier-churn-ci">
                Churn rate by tier, of snapshots in it:{' '}
                {b.tiers
                  .map((t) => {
                    const name = tiers.find((x) => x.id === t.tierId)?.name ?? t.tierId;
                    const c = tierCi.get(t.tierId);
                    return `${name} ${formatPct(t.churnRate)}${c ? ` (95 % CI ${formatPct(c[0])} – ${formatPct(c[1])})` : ''}`;
                  })
                  .join(' · ')}
              </Text>
            )}
            <Confusion m={b.overall} />
            <Text size="xs" c="dimmed" data-testid="confusion-explained">
              The matrix counts snapshots, one per account per {end}
              {b.evidence ? ` (${formatCount(b.evidence.accounts)} accounts over ${b.periods.length} ${end}s)` : ''}: an
              account flagged in three {end}s before it {churned} counts three times.
            </Text>
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
          {intervals
            ? `Intervals: ${formatCount(intervals.replicates)} bootstrap resamples of accounts.`
            : 'Intervals: computing (bootstrap resamples of accounts).'}
        </Text>
      </Stack>
    </Paper>
  );
}
