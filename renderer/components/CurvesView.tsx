import { Grid, Table, Text } from '@mantine/core';
import { GainsChart, PrChart, RocChart } from '../charts/CurveCharts.js';
import { DecileCalibration } from '../charts/DecileCalibration.js';
import { StabilityChart } from '../charts/StabilityChart.js';
import { formatCount, formatPct } from '../format.js';
import { useSessionStore } from '../state/sessionStore.js';
import { ChartCard } from './ChartCard.js';
import { useInsight } from './insight/useInsight.js';

/** Precision, recall and AUC per evaluation month, from the engine (it needs every snapshot's score and month). */
function Stability() {
  const { data, error } = useInsight();
  const cadence = useSessionStore((s) => s.result?.backtest.cadence);
  const period = cadence === 'weekly' ? 'week-end' : 'month-end';
  return (
    <ChartCard
      title={`Stability ${cadence === 'weekly' ? 'week' : 'month'} by ${cadence === 'weekly' ? 'week' : 'month'}`}
      subtitle={`Each ${period}'s snapshots on their own: recall = share of its churners the at-risk tiers flagged, precision = share of those flagged who churned, AUC = how well the score ranked them (0.5 a coin toss). A dip marks a ${period} the score served badly; a gap, one with no churner.`}
    >
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : data ? (
        <StabilityChart months={data.months} />
      ) : (
        <Text size="xs" c="dimmed">
          Computing each {period} on its own…
        </Text>
      )}
    </ChartCard>
  );
}

/** Threshold-free view: how well the score ranks risk, whatever the cut points. */
export function CurvesView() {
  const result = useSessionStore((s) => s.result);
  if (!result) return null;
  const b = result.backtest;
  const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title={`ROC curve · AUC ${ratio(b.auc)}`}
          subtitle="Every score as a cut point: churners flagged vs. stayers flagged; the diamond is the current cut"
        >
          <RocChart b={b} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title={`Precision–recall · AP ${ratio(b.averagePrecision)}`}
          subtitle={`Dotted line: base rate ${formatPct(b.overall.baseRate)}; the diamond is the current cut`}
        >
          <PrChart b={b} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title={`Cumulative gains · top-decile lift ${ratio(b.topDecileLift)}`}
          subtitle="Share of churners among the lowest-scored snapshots"
        >
          <GainsChart b={b} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stability />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title="Churn rate by score decile"
          subtitle={`Of the snapshots in each tenth by score, the share that churned; dotted line: base rate ${formatPct(b.overall.baseRate)}`}
        >
          <DecileCalibration b={b} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard title="Calibration by score decile" subtitle="Decile 1 = lowest-scored tenth of evaluated snapshots">
          <Table fz="xs" striped data-testid="decile-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Decile</Table.Th>
                <Table.Th ta="right">Scores</Table.Th>
                <Table.Th ta="right">Snapshots</Table.Th>
                <Table.Th ta="right">Churned</Table.Th>
                <Table.Th ta="right">Churn rate</Table.Th>
                <Table.Th ta="right">Cum. gain</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {b.deciles.map((d) => (
                <Table.Tr key={d.decile}>
                  <Table.Td>{d.decile}</Table.Td>
                  <Table.Td ta="right">
                    {d.minScore === null ? '—' : `${d.minScore.toFixed(1)}–${d.maxScore!.toFixed(1)}`}
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(d.count)}</Table.Td>
                  <Table.Td ta="right">{formatCount(d.churned)}</Table.Td>
                  <Table.Td ta="right">{formatPct(d.churnRate)}</Table.Td>
                  <Table.Td ta="right">{formatPct(d.cumulativeGain)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ChartCard>
      </Grid.Col>
    </Grid>
  );
}
