import { Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { ChurnByTier } from '../charts/ChurnByTier.js';
import { ScoreHistogram } from '../charts/ScoreHistogram.js';
import { SegmentAccuracy } from '../charts/SegmentAccuracy.js';
import { useModelStore } from '../state/modelStore.js';
import { selectComputing, useSessionStore } from '../state/sessionStore.js';
import { BacktestPanel } from './BacktestPanel.js';
import { SegmentTable } from './SegmentTable.js';
import { TierCards } from './TierCards.js';

function ChartCard({ title, subtitle, children }: { title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Title order={5}>{title}</Title>
      <Text size="xs" c="dimmed" mb="xs">{subtitle}</Text>
      {children}
    </Paper>
  );
}

/** The main area: portfolio tiers, the backtest, and the charts, all from the latest evaluation. */
export function CalibrationView() {
  const result = useSessionStore((s) => s.result);
  const computing = useSessionStore(selectComputing);
  const resultSeq = useSessionStore((s) => s.resultSeq);
  const scheme = useModelStore((s) => s.config?.tiers);
  if (!result || !scheme) return <Text c="dimmed">Computing the first evaluation…</Text>;
  return (
    <Stack gap="md" data-testid="calibration" data-computing={computing ? 'true' : 'false'} data-seq={resultSeq}>
      <TierCards />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ChartCard title="Score distribution" subtitle={`Accounts by score at the as-of month; dashed lines are the cut points`}>
            <ScoreHistogram result={result} scheme={scheme} />
          </ChartCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ChartCard title="Churn rate by tier" subtitle={`Share of snapshots that churned within ${result.backtest.horizonDays} days`}>
            <ChurnByTier result={result} scheme={scheme} />
          </ChartCard>
        </Grid.Col>
      </Grid>
      <BacktestPanel />
      <ChartCard title="Accuracy by segment" subtitle="Precision, recall and F1 of the at-risk prediction in each segment">
        <SegmentAccuracy result={result} />
        <SegmentTable result={result} scheme={scheme} />
      </ChartCard>
    </Stack>
  );
}
