/**
 * The Data tab on dates the data did not carry row by row: how well the imported score history
 * covers the snapshots (the figures Compare's "Your current score" is judged on), and the churned
 * accounts dated at the export date, with what that does to churn near it.
 */
import { Alert, Stack, Text } from '@mantine/core';
import type { DataQuality } from '../../../engine/core/api/importSchema.js';
import { monthEnd } from '../../../engine/core/import/exportDate.js';
import { formatCount, formatPct } from '../../format.js';
import { useModelStore } from '../../state/modelStore.js';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function ScoreHistoryCoverage({ history: h }: { history: NonNullable<DataQuality['scoreHistory']> }) {
  const share = h.snapshots > 0 ? h.scoredSnapshots / h.snapshots : 0;
  const unscored = h.accountsAtLatest - h.scoredAtLatest;
  return (
    <Stack gap={4} data-testid="dq-score-history">
      <Text size="sm">
        {plural(h.rows, 'score', 'scores')} of {plural(h.accounts, 'account', 'accounts')}, dated {h.firstDate} to{' '}
        {h.lastDate}. A score counts at a snapshot when dated on or before it and at most {h.staleDays} days old.
      </Text>
      <Text size="sm" data-testid="dq-score-latest">
        At the latest snapshot ({h.latestSnapshot}), {formatCount(h.scoredAtLatest)} of the{' '}
        {plural(h.accountsAtLatest, 'account', 'accounts')} there {h.scoredAtLatest === 1 ? 'has' : 'have'} a score in
        force
        {unscored > 0
          ? `; ${formatCount(unscored)} ${unscored === 1 ? 'has' : 'have'} none, so no current-score tier`
          : ''}
        .
      </Text>
      <Text size="sm" c={share < 0.5 ? 'orange' : undefined} data-testid="dq-score-snapshots">
        {formatCount(h.scoredSnapshots)} of {plural(h.snapshots, 'account snapshot', 'account snapshots')} (
        {formatPct(share)}) have a score in force: Compare judges your current score on those only.
        {share < 0.5
          ? ' Fewer than half: export the score history with every scoring date, not only the latest, and check that its account ids are those of the accounts file.'
          : ''}
      </Text>
    </Stack>
  );
}

export function ExportDatedChurn({ dated }: { dated: DataQuality['exportDated'] }) {
  const horizon = useModelStore((s) => s.backtest.horizonDays);
  if (dated.length === 0) return null;
  return (
    <Alert color="yellow" title="Churn dated at the export date" data-testid="dq-export-dated">
      <Stack gap={4}>
        {dated.map((d) => (
          <Text key={`${d.file}|${d.asOf}`} size="sm">
            {d.entity === 'accounts'
              ? plural(d.rows, 'account', 'accounts')
              : plural(d.rows, 'churn row', 'churn rows')}{' '}
            of {d.file} {d.rows === 1 ? 'was' : 'were'} flagged as churned with no churn date and{' '}
            {d.rows === 1 ? 'is' : 'are'} dated at the export date {d.asOf}: their churn counts in the month ending{' '}
            {monthEnd(d.asOf)}, whenever they really left.
          </Text>
        ))}
        <Text size="sm">
          Churn close to the export date is under-counted: accounts about to leave were not flagged yet, and those
          flagged have had less time to be seen churning. Read the churn of the last {horizon} days before it as a
          floor, and map a churn date column (cancellation date, last active) if the export has one.
        </Text>
      </Stack>
    </Alert>
  );
}
