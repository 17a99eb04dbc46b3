import { Alert, Badge, Button, Grid, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { DataQuality, ImportReport } from '../../../engine/core/api/importSchema.js';
import { ENTITIES } from '../../../engine/core/import/entities.js';
import { useEngine } from '../../api/engineContext.js';
import { useEngineQuery } from '../../api/useEngineQuery.js';
import { Plot } from '../../charts/Plot.js';
import { download } from '../../download.js';
import { formatCount, formatPct } from '../../format.js';
import { useImportStore } from '../../state/importStore.js';
import { useSessionStore } from '../../state/sessionStore.js';
import { ChartCard } from '../ChartCard.js';
import { ExportDatedChurn, ScoreHistoryCoverage } from './DatedRows.js';

const entityLabel = (id: string) => ENTITIES.find((e) => e.id === id)?.label ?? id;
const ACTION_COLOR: Record<string, string> = {
  'row rejected': 'red',
  'value set to missing': 'orange',
  'value coerced': 'yellow',
  'blank kept as missing': 'gray',
};
const STALE_DAYS = 45;
/** Outcome and override tables cover a subset of accounts by nature: low coverage is not a warning there. */
const OUTCOMES = ['churn', 'renewals', 'overrides'];

function ImportSummary({ report }: { report: ImportReport }) {
  if (report.files.length === 0)
    return (
      <Text size="sm" c="dimmed">
        The bundled or standard-format exports were loaded as they are; load your own files with “Load exports…”.
      </Text>
    );
  return (
    <Table fz="xs" striped data-testid="import-files">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>File</Table.Th>
          <Table.Th>As</Table.Th>
          <Table.Th ta="right">Rows read</Table.Th>
          <Table.Th ta="right">Loaded</Table.Th>
          <Table.Th ta="right">Rejected</Table.Th>
          <Table.Th ta="right">Values changed</Table.Th>
          <Table.Th>Dates</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.files.map((f) => (
          <Table.Tr key={f.file}>
            <Table.Td>{f.file}</Table.Td>
            <Table.Td>{entityLabel(f.entity)}</Table.Td>
            <Table.Td ta="right">{formatCount(f.rowsRead)}</Table.Td>
            <Table.Td ta="right">{formatCount(f.rowsLoaded)}</Table.Td>
            <Table.Td ta="right" c={f.rowsRejected > 0 ? 'red' : undefined}>
              {formatCount(f.rowsRejected)}
            </Table.Td>
            <Table.Td ta="right">{formatCount(f.valuesChanged)}</Table.Td>
            <Table.Td>
              {f.firstDate ?? '—'} … {f.lastDate ?? '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function IssueTables({ report }: { report: ImportReport }) {
  const engine = useEngine();
  const [busy, setBusy] = useState(false);
  if (report.total === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="no-issues">
        No rejected rows and no changed values.
      </Text>
    );
  const saveCsv = async () => {
    setBusy(true);
    try {
      download('import-issues.csv', await engine.getImportIssuesCsv(), 'text/csv');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm">
          <b data-testid="issue-total">{formatCount(report.total)}</b> rejected rows or changed values, grouped by file,
          column and reason:
        </Text>
        <Button size="xs" variant="default" loading={busy} onClick={() => void saveCsv()} data-testid="download-issues">
          Download all as CSV
        </Button>
      </Group>
      <Table fz="xs" striped data-testid="issue-groups">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>What happened</Table.Th>
            <Table.Th ta="right">Count</Table.Th>
            <Table.Th>First at</Table.Th>
            <Table.Th>Example</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.groups.map((g) => (
            <Table.Tr key={`${g.file}|${g.column}|${g.reason}|${g.action}`}>
              <Table.Td>{g.file}</Table.Td>
              <Table.Td>{g.column}</Table.Td>
              <Table.Td>{g.reason}</Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" color={ACTION_COLOR[g.action]}>
                  {g.action}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{formatCount(g.count)}</Table.Td>
              <Table.Td>line {g.firstLine}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" truncate maw={260}>
                  {g.example}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        First {Math.min(report.issues.length, report.total)} of {formatCount(report.total)}, in file order:
      </Text>
      <Table fz="xs" data-testid="issue-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Line</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.issues.slice(0, 50).map((i, k) => (
            <Table.Tr key={k}>
              <Table.Td>{i.file}</Table.Td>
              <Table.Td>{i.line}</Table.Td>
              <Table.Td>{i.column}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" truncate maw={260}>
                  {i.value}
                </Text>
              </Table.Td>
              <Table.Td>
                {i.reason} — {i.action}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Sources({ dq }: { dq: DataQuality }) {
  return (
    <Table fz="xs" data-testid="dq-sources">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Source</Table.Th>
          <Table.Th ta="right">Rows</Table.Th>
          <Table.Th w="30%">Accounts covered</Table.Th>
          <Table.Th>Latest date</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {dq.sources.map((s) => (
          <Table.Tr key={s.table}>
            <Table.Td>{s.table.replace('_', ' ')}</Table.Td>
            <Table.Td ta="right">{formatCount(s.rows)}</Table.Td>
            <Table.Td>
              {s.rows === 0 ? (
                <Text size="xs" c="dimmed">
                  not loaded — its signals are unavailable
                </Text>
              ) : (
                <Group gap={6} wrap="nowrap">
                  <Progress
                    value={s.coverage * 100}
                    w={120}
                    color={OUTCOMES.includes(s.table) ? 'blue' : s.coverage < 0.5 ? 'orange' : 'teal'}
                  />
                  <Text size="xs">{formatPct(s.coverage)}</Text>
                </Group>
              )}
            </Table.Td>
            <Table.Td>
              {s.lastDate ?? '—'}
              {s.daysStale !== null && s.daysStale > STALE_DAYS && !OUTCOMES.includes(s.table) && (
                <Badge ml={6} size="xs" color="orange" variant="light">
                  stale: {s.daysStale} days before the data ends
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The Data tab: what the import did to each file, every issue, and whether the data can carry a score. */
export function DataQualityView() {
  const generation = useSessionStore((s) => s.generation);
  // A failed import keeps the data (same generation) but its report replaces the last one: ask again then too.
  const failed = useImportStore((s) =>
    s.status?.state === 'failed' ? (s.status.message ?? 'the import failed') : null,
  );
  // Asked again for new data (an import, a workspace).
  const reportQuery = useEngineQuery(
    'getImportReport',
    { offset: 0, limit: 200 },
    { refresh: `${generation}:${failed ?? ''}` },
  );
  const qualityQuery = useEngineQuery('getDataQuality', {}, { refresh: generation });
  const dq = qualityQuery.data;
  const coverage = useMemo(() => {
    if (!dq) return null;
    const s = [...dq.signals].reverse();
    return [
      {
        type: 'bar' as const,
        orientation: 'h' as const,
        y: s.map((x) => x.label),
        x: s.map((x) => x.coverage * 100),
        marker: { color: s.map((x) => (x.coverage < 0.5 ? '#f08c00' : '#12b886')) },
        hovertemplate: '%{y}: %{x:.1f} %<extra></extra>',
      },
    ];
  }, [dq]);
  const error = reportQuery.error ?? qualityQuery.error;
  if (error) return <Alert color="red">{error}</Alert>;
  const report = reportQuery.data;
  if (!report || !dq || !coverage)
    return (
      <Text size="sm" c="dimmed">
        Loading the data report…
      </Text>
    );
  return (
    <Grid gap="md" data-testid="data-view">
      {failed && (
        <Grid.Col span={12}>
          <Alert color="red" title="The last import failed" data-testid="import-failed">
            {failed} Its files and issues are listed below; the data loaded before it is still the one scored.
          </Alert>
        </Grid.Col>
      )}
      {dq.outcomeEvents.churns === 0 && dq.outcomeEvents.missedRenewals === 0 && (
        <Grid.Col span={12}>
          <NoOutcome />
        </Grid.Col>
      )}
      <Grid.Col span={12}>
        <ChartCard
          title="Import"
          subtitle="Each file: rows read, loaded and rejected. Nothing is dropped without being counted and listed below."
        >
          <ImportSummary report={report} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={12}>
        <ChartCard
          title="Issues"
          subtitle="Rejected rows and changed values, with the file line (or sheet row) to look at."
        >
          <IssueTables report={report} />
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title="Sources"
          subtitle={`Coverage of the ${formatCount(dq.accounts)} accounts and the latest date of each source; data ends ${dq.asOf}.`}
        >
          <Sources dq={dq} />
          <Stack gap={4} mt="sm">
            <Text size="sm" data-testid="dq-no-usage">
              {formatCount(dq.accountsWithoutUsage)} accounts have no usage data at all.
            </Text>
            <Text size="sm" data-testid="dq-insufficient">
              {formatCount(dq.insufficientData)} accounts at the latest date have too little data to score (no usage in
              the window, or under a third of the signals); the account list marks them “insufficient data”.
              {dq.insufficientExamples.length > 0 ? ` E.g. ${dq.insufficientExamples.join(', ')}.` : ''}
            </Text>
            {dq.rejectedUnknownAccount.map((u) => (
              <Text key={u.file} size="sm" c="orange">
                {formatCount(u.rows)} rows of {u.file} name accounts that are not in the accounts export (rejected,
                listed above).
              </Text>
            ))}
            {dq.outcomes && <Outcomes outcomes={dq.outcomes} />}
            <ExportDatedChurn dated={dq.exportDated} />
          </Stack>
        </ChartCard>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChartCard
          title="Signal coverage"
          subtitle="Share of accounts at the latest snapshot with a value for each signal; the rest are scored by the missing-data policy."
        >
          <Plot
            data={coverage}
            height={360}
            layout={{ margin: { l: 190, r: 16, t: 8, b: 36 }, xaxis: { range: [0, 100], ticksuffix: ' %' } }}
            testId="signal-coverage"
          />
        </ChartCard>
      </Grid.Col>
      {dq.scoreHistory && (
        <Grid.Col span={12}>
          <ChartCard
            title="Score history"
            subtitle="Your platform's own score, as imported: how many accounts and snapshots it covers."
          >
            <ScoreHistoryCoverage history={dq.scoreHistory} />
          </ChartCard>
        </Grid.Col>
      )}
    </Grid>
  );
}

/**
 * No churn and no missed renewal loaded: the backtest would have nothing to judge the score against
 * (its verdict says so too, but only after a backtest has run on the data).
 */
function NoOutcome() {
  return (
    <Alert color="orange" title="No outcome to test the score against" data-testid="dq-no-outcome">
      No churn was loaded (no churn rows, no churned yes/no column, no subscription that ended) and no renewal that did
      not happen, so the backtest cannot tell whether low-scoring accounts went on to leave: every figure there would be
      empty. Map a churn file or a churned yes/no column on the accounts file, or a renewals file with a renewed yes/no
      column (“Load exports…”), and import again.
    </Alert>
  );
}

/** What the churn rows and subscriptions did: every churn row is counted once, used or with the reason it was not. */
function Outcomes({ outcomes: o }: { outcomes: NonNullable<DataQuality['outcomes']> }) {
  const unused = o.churnRowEffects.filter((e) => !e.used);
  return (
    <Stack gap={2} data-testid="dq-outcomes">
      <Text size="sm">
        Outcomes: {formatCount(o.churnRows)} churn rows loaded, {formatCount(o.episodes)} customer episodes (
        {formatCount(o.reactivations)} reactivations, {formatCount(o.churnsFromEvents + o.churnsFromSubscriptions)}{' '}
        churns
        {o.subscriptionRows > 0
          ? `, ${formatCount(o.churnsFromSubscriptions)} of them from subscriptions ending with nothing new within ${o.graceDays} days`
          : ''}
        ).
      </Text>
      {o.churnRowEffects.map((e) => (
        <Text key={e.effect} size="sm" c={e.used ? undefined : 'orange'}>
          {formatCount(e.rows)} churn rows: {e.effect}
          {e.used ? '' : ' (no effect on any outcome)'}.
        </Text>
      ))}
      {o.subscriptionRows > 0 && o.accountsWithoutSubscriptions > 0 && (
        <Text size="sm">
          {formatCount(o.accountsWithoutSubscriptions)} accounts have no subscription: they count as active from their
          start date until a churn row.
        </Text>
      )}
      {o.conflictAccounts > 0 && (
        <Text size="sm" c="orange">
          {formatCount(o.conflictAccounts)} accounts have a churn row dated while a subscription was still open (e.g.{' '}
          {o.conflictExamples.join(', ')}): their subscriptions decide; check whether the subscription end dates or the
          churn rows are out of date.
        </Text>
      )}
      {unused.length === 0 && o.churnRows > 0 && <Text size="sm">Every churn row sets or confirms an outcome.</Text>}
    </Stack>
  );
}
