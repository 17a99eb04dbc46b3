import { Grid, Table } from '@mantine/core';
import { GainsChart, PrChart, RocChart } from '../charts/CurveCharts.js';
import { formatCount, formatPct } from '../format.js';
import { useSessionStore } from '../state/sessionStore.js';
import { ChartCard } from './ChartCard.js';

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
          subtitle="Every score as a cut point: churners flagged vs. stayers flagged"
        >
          <RocChart b={b} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title={`Precision–recall · AP ${ratio(b.averagePrecision)}`}
          subtitle={`Dotted line: base rate ${formatPct(b.overall.baseRate)}`}
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
