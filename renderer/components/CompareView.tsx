import { Alert, Badge, Button, Group, MultiSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { CURRENT_SCORE_NAME } from '../../engine/core/compare/currentScore.js';
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { Comparison, ScenarioInput } from '../../engine/core/api/schema.js';
import { diffConfigs } from '../../engine/core/config/diffConfigs.js';
import { useEngine } from '../api/engineContext.js';
import { Plot } from '../charts/Plot.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { formatCount, formatPct, formatTimes } from '../format.js';
import { Verdict } from './Verdict.js';
import { useModelStore } from '../state/modelStore.js';
import { useScenarioStore } from '../state/scenarioStore.js';
import { useSessionStore } from '../state/sessionStore.js';
import { ImportedScoreTiers, importedScenario, type ImportedTiers } from './ImportedScoreTiers.js';

const CURRENT = '__current__';
/** The score history's own score: "is our current score any good?" */
const IMPORTED = '__imported__';
const LABELS: Record<string, string> = {
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  auc: 'ROC AUC',
  averagePrecision: 'Average precision',
  lift: 'Lift',
  arrCaptured: 'Churned ARR caught',
  topDecileLift: 'Top-decile lift',
  baseRate: 'Base rate',
};
const RATIO = new Set(['auc', 'averagePrecision']);
const TIMES = new Set(['lift', 'topDecileLift']);
const fmt = (metric: string, v: number | null) =>
  v === null ? '—' : TIMES.has(metric) ? formatTimes(v) : RATIO.has(metric) ? v.toFixed(3) : formatPct(v);
const fmtDiff = (metric: string, v: number | null) =>
  v === null
    ? '—'
    : `${v > 0 ? '+' : ''}${TIMES.has(metric) ? `${v.toFixed(1)}×` : RATIO.has(metric) ? v.toFixed(3) : `${(v * 100).toFixed(1)} pt`}`;

/** The size worth acting on, unsigned: "0.005", "1.0 pt", "0.05×". */
const fmtMin = (metric: string, v: number) =>
  TIMES.has(metric) ? `${v.toFixed(2)}×` : RATIO.has(metric) ? v.toFixed(3) : `${(v * 100).toFixed(1)} pt`;

type MetricDifference = Comparison['differences'][number]['metrics'][number];

/**
 * Beyond noise and big enough to act on: a gain or a loss (coloured). Beyond
 * noise but smaller than the minimum worth acting on: grey, never a gain.
 * Engines before the minimum existed send no worthActing: noise alone decides.
 */
function DifferenceBadge({ x }: { x: MetricDifference }) {
  if (x.significant === null || !x.ci) return null;
  const interval = `95 % paired interval ${fmtDiff(x.metric, x.ci[0])} … ${fmtDiff(x.metric, x.ci[1])}`;
  if (!x.significant)
    return (
      <Badge size="xs" color="gray" variant="light" title={interval}>
        within noise
      </Badge>
    );
  // Base rate: the outcome, not the score; it moves only when the scenarios judge different snapshots.
  if (x.minDifference === null)
    return (
      <Badge size="xs" color="gray" variant="light" title={`${interval}: a different set of snapshots, not a gain`}>
        beyond noise, not a gain
      </Badge>
    );
  if (x.worthActing === false && x.minDifference != null)
    return (
      <Badge
        size="xs"
        color="gray"
        variant="light"
        title={`${interval}: real, but smaller than the ±${fmtMin(x.metric, x.minDifference)} worth acting on`}
      >
        beyond noise, too small to act on
      </Badge>
    );
  return (
    <Badge size="xs" color={(x.diff ?? 0) > 0 ? 'teal' : 'red'} title={interval}>
      beyond noise
    </Badge>
  );
}

/** The design the engine judged every scenario on: the baseline's snapshots and outcome. */
const SHARED = ['cadence', 'outcome', 'horizonDays', 'windowMonths'] as const;

/** Each scenario's verdict, on the result the engine returned for it (no bootstrap intervals there: AUC by its point value). */
function ScenarioVerdicts({ c, ran }: { c: Comparison; ran: ScenarioInput[] }) {
  const verdicts = useMemo(
    () =>
      c.results.map((result, k) => {
        const s = ran[k]!;
        const backtest = { ...s.backtest, ...Object.fromEntries(SHARED.map((key) => [key, ran[0]!.backtest[key]])) };
        // An imported score is judged with its own tiers and one category: the engine says which.
        return verdictOf({ result, config: c.judged?.[k] ?? s.config, backtest });
      }),
    [c, ran],
  );
  return (
    <Paper withBorder p="md" radius="md" data-testid="compare-verdicts">
      <Title order={5} mb="xs">
        Verdict per scenario
      </Title>
      <Stack gap="xs">
        {verdicts.map((v, k) => (
          <div key={c.scenarios[k]}>
            <Text size="sm" fw={600} mb={2}>
              {c.scenarios[k]}
            </Text>
            <Verdict verdict={v} compact />
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

function TierOverlay({ c }: { c: Comparison }) {
  const { data, layout } = useMemo(() => {
    const data: Data[] = c.results.map(
      (r, k) =>
        ({
          type: 'bar',
          name: c.scenarios[k]!,
          x: r.portfolio.tierCounts.map(
            (t, i) =>
              (k === 0 ? c.migration.fromTiers[i]?.name : k === 1 ? c.migration.toTiers[i]?.name : undefined) ??
              t.tierId,
          ),
          y: r.portfolio.tierCounts.map((t) => t.count),
          hovertemplate: `${c.scenarios[k]}: %{x} %{y} accounts<extra></extra>`,
        }) as Data,
    );
    const layout: Partial<Layout> = {
      barmode: 'group',
      showlegend: true,
      legend: { orientation: 'h', y: 1.15 },
      yaxis: { title: { text: 'Accounts' }, fixedrange: true },
      xaxis: { fixedrange: true },
      margin: { l: 56, r: 16, t: 30, b: 32 },
    };
    return { data, layout };
  }, [c]);
  return <Plot data={data} layout={layout} height={240} testId="chart-compare-tiers" />;
}

/** What changed in the configuration between the first two scenarios. */
function ConfigDiff({ a, b }: { a: ScenarioInput | undefined; b: ScenarioInput | undefined }) {
  // An imported score has no configuration to diff: it is another tool's score.
  if (!a || !b || a.score === 'imported' || b.score === 'imported') return null;
  const changes = diffConfigs(
    { configuration: a.config, backtest: a.backtest },
    { configuration: b.config, backtest: b.backtest },
  ).filter((c) => c.path !== 'configuration.name');
  const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={5} mb="xs">
        Configuration changes: {a.name} → {b.name}
      </Title>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          Identical configurations.
        </Text>
      ) : (
        <Table fz="xs" striped data-testid="config-diff">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Path</Table.Th>
              <Table.Th>{a.name}</Table.Th>
              <Table.Th>{b.name}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((c) => (
              <Table.Tr key={c.path}>
                <Table.Td>
                  <code>{c.path}</code>
                </Table.Td>
                <Table.Td>{show(c.before)}</Table.Td>
                <Table.Td>{show(c.after)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Two or more scenarios on the same snapshots: metrics, differences beyond noise, tier migration. */
export function CompareView() {
  const engine = useEngine();
  const scenarios = useScenarioStore((s) => s.scenarios);
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const asOf = useModelStore((s) => s.asOf);
  const [picked, setPicked] = useState<string[]>([CURRENT]);
  const [state, setState] = useState<{
    busy: boolean;
    result: Comparison | null;
    error: string | null;
    ran: ScenarioInput[];
  }>({ busy: false, result: null, error: null, ran: [] });
  const [cell, setCell] = useState<{ from: string; to: string } | null>(null);
  const hasScoreHistory = useSessionStore(
    (s) => (s.dataset?.tables.find((t) => t.name === 'score_history')?.rows ?? 0) > 0,
  );
  const [importedTiers, setImportedTiers] = useState<ImportedTiers>({ from: 'status', cuts: null });
  if (!config) return null;
  const options = [
    { value: CURRENT, label: 'Current (unsaved)' },
    ...(hasScoreHistory ? [{ value: IMPORTED, label: `${CURRENT_SCORE_NAME} (imported)` }] : []),
    ...scenarios.map((s) => ({ value: s.id, label: s.name })),
  ];
  const inputs = (): ScenarioInput[] =>
    picked.flatMap((id): ScenarioInput[] => {
      if (id === CURRENT) return [{ name: 'Current', config, backtest }];
      if (id === IMPORTED) return hasScoreHistory ? [importedScenario(config, backtest, importedTiers)] : [];
      const s = scenarios.find((x) => x.id === id);
      return s ? [{ name: s.name, config: s.config, backtest: s.backtest }] : [];
    });
  const run = async () => {
    const ran = inputs();
    setState({ busy: true, result: null, error: null, ran });
    setCell(null);
    try {
      setState({ busy: false, result: await engine.compareScenarios({ scenarios: ran, asOf }), error: null, ran });
    } catch (err) {
      setState({ busy: false, result: null, error: err instanceof Error ? err.message : String(err), ran });
    }
  };
  const c = state.result;
  const movers = c && cell ? c.migration.movers.filter((m) => m.from === cell.from && m.to === cell.to) : [];
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group align="flex-end" justify="space-between">
          <div>
            <Title order={5}>Compare scenarios</Title>
            <Text size="xs" c="dimmed">
              The first is the baseline; all are judged on its snapshots and outcome, at {asOf}.
              {scenarios.length === 0 && ' Save a scenario (left panel) to compare it with the current model.'}
              {hasScoreHistory &&
                ` "${CURRENT_SCORE_NAME}" is your platform's imported score as it was at each snapshot: is it any good?`}
            </Text>
            {picked.includes(IMPORTED) && (
              <ImportedScoreTiers value={importedTiers} onChange={setImportedTiers} tiers={config.tiers} />
            )}
          </div>
          <Group gap="xs" align="flex-end">
            <MultiSelect
              w={420}
              size="xs"
              label="Scenarios"
              data={options}
              value={picked}
              onChange={setPicked}
              maxValues={6}
              data-testid="compare-pick"
            />
            <Button
              size="xs"
              onClick={() => void run()}
              disabled={picked.length < 2}
              loading={state.busy}
              data-testid="compare-run"
            >
              Compare
            </Button>
          </Group>
        </Group>
      </Paper>
      {state.error && (
        <Alert color="red" title="Could not compare">
          {state.error}
        </Alert>
      )}
      {c && (
        <>
          {c.note && <Alert color="yellow">{c.note}</Alert>}
          <ScenarioVerdicts c={c} ran={state.ran} />
          <Paper withBorder p="md" radius="md">
            <Title order={5} mb="xs">
              Metrics
            </Title>
            <Table striped fz="sm" data-testid="compare-metrics">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Metric</Table.Th>
                  <Table.Th ta="right">{c.scenarios[0]}</Table.Th>
                  {c.differences.map((d) => (
                    <Table.Th key={d.scenario} ta="right" colSpan={2}>
                      {d.scenario} (vs baseline)
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.differences[0]!.metrics.map((m, row) => (
                  <Table.Tr key={m.metric}>
                    <Table.Td>{LABELS[m.metric]}</Table.Td>
                    <Table.Td ta="right">{fmt(m.metric, m.base)}</Table.Td>
                    {c.differences.map((d) => {
                      const x = d.metrics[row]!;
                      return [
                        <Table.Td key={`${d.scenario}-v`} ta="right">
                          {fmt(x.metric, x.value)}
                        </Table.Td>,
                        <Table.Td key={`${d.scenario}-d`} ta="right">
                          {fmtDiff(x.metric, x.diff)} <DifferenceBadge x={x} />
                          {x.ci && (
                            <Text size="xs" c="dimmed" data-testid={`compare-ci-${x.metric}`}>
                              95 % CI {fmtDiff(x.metric, x.ci[0])} – {fmtDiff(x.metric, x.ci[1])}
                              {x.minDifference != null && ` · worth acting from ±${fmtMin(x.metric, x.minDifference)}`}
                            </Text>
                          )}
                        </Table.Td>,
                      ];
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <ConfigDiff a={inputs()[0]} b={inputs()[1]} />
          <Paper withBorder p="md" radius="md">
            <Title order={5}>Tier distribution at {asOf}</Title>
            <TierOverlay c={c} />
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={5}>
              Tier migration: {c.migration.from} → {c.migration.to}
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              {formatCount(c.migration.moversTotal)} accounts change tier. Click a cell to list them.
            </Text>
            <Table withTableBorder withColumnBorders fz="sm" data-testid="migration-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    {c.migration.from} ↓ / {c.migration.to} →
                  </Table.Th>
                  {c.migration.toTiers.map((t) => (
                    <Table.Th key={t.id} ta="right" style={{ color: t.color }}>
                      {t.name}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.migration.fromTiers.map((f, i) => (
                  <Table.Tr key={f.id}>
                    <Table.Th style={{ color: f.color }}>{f.name}</Table.Th>
                    {c.migration.toTiers.map((t, j) => {
                      const k = c.migration.counts[i]![j]!;
                      const moving = f.id !== t.id && k > 0;
                      return (
                        <Table.Td
                          key={t.id}
                          ta="right"
                          data-testid={`migration-${f.id}-${t.id}`}
                          style={{
                            cursor: moving ? 'pointer' : 'default',
                            background:
                              cell?.from === f.id && cell.to === t.id
                                ? '#edf2ff'
                                : f.id === t.id
                                  ? '#f8f9fa'
                                  : undefined,
                            fontWeight: moving ? 600 : 400,
                          }}
                          onClick={() => moving && setCell({ from: f.id, to: t.id })}
                        >
                          {formatCount(k)}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {cell && (
              <Table striped fz="xs" mt="sm" data-testid="movers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Account</Table.Th>
                    <Table.Th>Segment</Table.Th>
                    <Table.Th ta="right">Score</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {movers.slice(0, 100).map((m) => (
                    <Table.Tr key={m.accountId}>
                      <Table.Td>
                        {m.name}{' '}
                        <Text span c="dimmed" size="xs">
                          {m.accountId}
                        </Text>
                      </Table.Td>
                      <Table.Td>{m.segment}</Table.Td>
                      <Table.Td ta="right">
                        {m.scoreFrom.toFixed(1)} → {m.scoreTo.toFixed(1)}
                      </Table.Td>
                      <Table.Td>
                        {/* Beside an imported score there are no shared categories: the scores themselves differ. */}
                        {m.driver === CURRENT_SCORE_NAME ? 'the two scores differ by ' : `${m.driver} contributes `}
                        {m.driverDelta > 0 ? '+' : ''}
                        {m.driverDelta.toFixed(1)} points
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {cell && movers.length > 100 && (
              <Text size="xs" c="dimmed">
                First 100 of {movers.length} listed, largest score change first.
              </Text>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}
