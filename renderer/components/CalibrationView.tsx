import { Grid, Stack, Tabs, Text } from '@mantine/core';
import { DataQualityView } from './data/DataQualityView.js';
import { outcomePhrase } from '../../engine/core/backtest/outcomeWords.js';
import { ChurnByTier } from '../charts/ChurnByTier.js';
import { ScoreHistogram } from '../charts/ScoreHistogram.js';
import { editableOf, editingId, useModelStore } from '../state/modelStore.js';
import { selectComputing, selectSettled, useSessionStore } from '../state/sessionStore.js';
import { useViewStore } from '../state/viewStore.js';
import { AccountsView } from './AccountsView.js';
import { AlertsView } from './AlertsView.js';
import { BacktestPanel } from './BacktestPanel.js';
import { CapacityView } from './CapacityView.js';
import { CompareView } from './CompareView.js';
import { CurvesView } from './CurvesView.js';
import { SegmentsView } from './SegmentsView.js';
import { SignalsView } from './insight/SignalsView.js';
import { SuggestionsView } from './SuggestionsView.js';
import { TierCards } from './TierCards.js';
import { Verdict } from './Verdict.js';
import { WeightSuggestion } from './WeightSuggestion.js';
import { ScorecardCard } from './scorecard/ScorecardCard.js';
import { ChartCard } from './ChartCard.js';
import type { ReactNode } from 'react';
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { formatCount } from '../format.js';

/**
 * Marks the view busy while a recompute is in flight. Only this wrapper
 * follows the busy flag: its children are the same elements until a new
 * result arrives, so React skips re-rendering them (and their charts) when
 * a key press merely starts a recompute.
 */
function ComputingFrame({ children }: { children: ReactNode }) {
  const computing = useSessionStore(selectComputing);
  const settled = useSessionStore(selectSettled);
  const resultSeq = useSessionStore((s) => s.resultSeq);
  // data-computing turns false as soon as tiers and charts show the latest request; data-settled once the curves and AUC do too.
  return (
    <Stack
      gap="md"
      data-testid="calibration"
      data-computing={computing ? 'true' : 'false'}
      data-settled={settled ? 'true' : 'false'}
      data-seq={resultSeq}
    >
      {children}
    </Stack>
  );
}

/** Accounts and snapshots, related in one sentence where both appear. */
export function snapshotsExplained(result: EvaluationResult): string {
  const b = result.backtest;
  const months = b.periods.length;
  const end = b.cadence === 'weekly' ? 'week-end' : 'month-end';
  const accounts = b.evidence?.accounts;
  if (b.oneMoment !== undefined)
    return `One snapshot per account, on ${b.oneMoment}: the tier cards and the backtest count the same ${formatCount(b.evaluated)} accounts.`;
  return `The tier cards count accounts today; the backtest counts snapshots, one per account per ${end}: ${accounts === undefined ? 'the' : `${formatCount(accounts)}`} accounts over ${months} ${end}s give ${formatCount(b.evaluated)} snapshots, so an account can appear in several tiers over time.`;
}

/** The main area: portfolio tiers, the backtest and its views, all from the latest evaluation. */
export function CalibrationView() {
  const result = useSessionStore((s) => s.result);
  const scheme = useModelStore((s) => s.config?.tiers);
  // The histogram shows the cut points the sliders move: those of the configuration being edited.
  const editingScheme = useModelStore((s) => editableOf(s)?.tiers);
  const ownCuts = useModelStore((s) => (s.config?.variants ?? []).some((v) => v.cuts !== undefined));
  const editingName = useModelStore((s) => s.config?.variants?.find((v) => v.id === editingId(s))?.name ?? 'Default');
  const tab = useViewStore((s) => s.tab);
  const setTab = useViewStore((s) => s.setTab);
  if (!result || !scheme) return <Text c="dimmed">Computing the first evaluation…</Text>;
  return (
    <ComputingFrame>
      <Verdict />
      <TierCards />
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="accounts">Accounts</Tabs.Tab>
          <Tabs.Tab value="curves">Curves &amp; deciles</Tabs.Tab>
          <Tabs.Tab value="signals">Signals</Tabs.Tab>
          <Tabs.Tab value="segments">Segments</Tabs.Tab>
          <Tabs.Tab value="capacity">Capacity</Tabs.Tab>
          <Tabs.Tab value="alerts">Alerts</Tabs.Tab>
          <Tabs.Tab value="suggestions">Suggestions</Tabs.Tab>
          <Tabs.Tab value="compare">Compare</Tabs.Tab>
          <Tabs.Tab value="data">Data</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Stack gap="md">
            <Grid gap="md">
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <ChartCard
                  title="Score distribution"
                  subtitle={
                    ownCuts
                      ? `Accounts by score at the as-of month; dashed lines are the cut points of ${editingName} (other configurations cut at their own)`
                      : 'Accounts by score at the as-of month; dashed lines are the cut points'
                  }
                >
                  <ScoreHistogram result={result} scheme={editingScheme ?? scheme} />
                </ChartCard>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <ChartCard
                  title="Churn rate by tier"
                  subtitle={`Of every 100 accounts in a tier ${result.backtest.oneMoment !== undefined ? `on ${result.backtest.oneMoment}` : `at a ${result.backtest.cadence === 'weekly' ? 'week-end' : 'month-end'}`}, how many ${outcomePhrase(result.backtest)}`}
                >
                  <ChurnByTier result={result} scheme={scheme} />
                  <Text size="xs" c="dimmed" mt={4} data-testid="snapshots-explained">
                    {snapshotsExplained(result)}
                  </Text>
                </ChartCard>
              </Grid.Col>
            </Grid>
            <BacktestPanel />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="accounts">
          <AccountsView />
        </Tabs.Panel>
        <Tabs.Panel value="curves">
          <CurvesView />
        </Tabs.Panel>
        <Tabs.Panel value="signals">
          <SignalsView />
        </Tabs.Panel>
        <Tabs.Panel value="segments">
          <SegmentsView />
        </Tabs.Panel>
        <Tabs.Panel value="capacity">
          <CapacityView />
        </Tabs.Panel>
        <Tabs.Panel value="alerts">
          <AlertsView />
        </Tabs.Panel>
        <Tabs.Panel value="compare">
          <CompareView />
        </Tabs.Panel>
        <Tabs.Panel value="data">
          <DataQualityView />
        </Tabs.Panel>
        <Tabs.Panel value="suggestions">
          <Stack gap="md">
            <SuggestionsView />
            <WeightSuggestion />
            <ScorecardCard />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </ComputingFrame>
  );
}
