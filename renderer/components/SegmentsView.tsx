import { Badge, Group, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import {
  DIMENSIONS,
  type Dimension,
  type GroupStat,
  type Intervals,
  type TierScheme,
} from '../../engine/core/api/schema.js';
import { GroupAccuracy } from '../charts/GroupAccuracy.js';
import { formatCount, formatPct } from '../format.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';
import { useViewStore, type TargetMetric } from '../state/viewStore.js';

const DIMENSION_LABELS: Record<Dimension, string> = {
  segment: 'Segment',
  plan: 'Plan',
  region: 'Region',
  lifecycle: 'Lifecycle',
};

type GroupIntervals = NonNullable<Intervals['breakdowns']>[number]['groups'][number];

/** "95 % CI a – b" under a group's figure; nothing for a group too small to judge or before the bootstrap is done. */
function GroupCi({ ci, id }: { ci: [number, number] | null | undefined; id: string }) {
  if (!ci) return null;
  return (
    <Text size="xs" c="dimmed" data-testid={id}>
      95 % CI {formatPct(ci[0])} – {formatPct(ci[1])}
    </Text>
  );
}

function GroupTable({
  groups,
  scheme,
  meets,
  intervals,
}: {
  groups: GroupStat[];
  scheme: TierScheme;
  meets: (g: GroupStat) => boolean | null;
  /** Bootstrap intervals by group name, when computed. */
  intervals?: ReadonlyMap<string, GroupIntervals>;
}) {
  return (
    <Table striped fz="sm" aria-label="Accuracy by group" data-testid="segment-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Group</Table.Th>
          <Table.Th ta="right">Snapshots</Table.Th>
          <Table.Th ta="right">Churned</Table.Th>
          <Table.Th ta="right">Precision</Table.Th>
          <Table.Th ta="right">Recall</Table.Th>
          <Table.Th ta="right">F1</Table.Th>
          {scheme.tiers.map((t) => (
            <Table.Th key={t.id} ta="right">
              {t.name} churn
            </Table.Th>
          ))}
          <Table.Th>Target</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {groups.map((g) => {
          const ok = meets(g);
          const ci = intervals?.get(g.group);
          return (
            <Table.Tr key={g.group} data-testid={`segment-row-${g.group}`}>
              <Table.Td>
                {g.group}{' '}
                {g.tooFewToJudge && (
                  <Badge size="xs" color="gray" variant="light">
                    too few to judge
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{formatCount(g.metrics.n)}</Table.Td>
              <Table.Td ta="right">{formatCount(g.metrics.positives)}</Table.Td>
              <Table.Td ta="right" data-value={g.metrics.precision ?? ''}>
                {formatPct(g.metrics.precision)}
                <GroupCi ci={ci?.precision} id={`ci-precision-${g.group}`} />
              </Table.Td>
              <Table.Td ta="right" data-value={g.metrics.recall ?? ''}>
                {formatPct(g.metrics.recall)}
                <GroupCi ci={ci?.recall} id={`ci-recall-${g.group}`} />
              </Table.Td>
              <Table.Td ta="right">
                {formatPct(g.metrics.f1)}
                <GroupCi ci={ci?.f1} id={`ci-f1-${g.group}`} />
              </Table.Td>
              {g.tiers.map((t) => (
                <Table.Td key={t.tierId} ta="right">
                  {formatPct(t.churnRate)}
                </Table.Td>
              ))}
              <Table.Td>
                {ok === null ? (
                  '—'
                ) : ok ? (
                  <Badge color="teal" size="sm">
                    met
                  </Badge>
                ) : (
                  <Badge color="red" size="sm" variant="light">
                    missed
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
        {groups.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={7 + scheme.tiers.length}>
              <Text size="sm" c="dimmed">
                No groups in this data.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** Every metric by segment, plan, region or lifecycle, and how many groups meet a target. */
export function SegmentsView() {
  const result = useSessionStore((s) => s.result);
  const intervals = useSessionStore((s) => s.intervals);
  const scheme = useModelStore((s) => s.config?.tiers);
  const minChurners = useModelStore((s) => s.backtest.minChurners);
  const setBacktest = useModelStore((s) => s.setBacktest);
  const { dimension, target, setDimension, setTarget } = useViewStore();
  if (!result || !scheme) return null;
  const groups = result.backtest.breakdowns.find((b) => b.dimension === dimension)?.groups ?? [];
  const groupIntervals = new Map(
    (intervals?.breakdowns?.find((b) => b.dimension === dimension)?.groups ?? []).map((g) => [g.group, g]),
  );
  const meets = (g: GroupStat): boolean | null => {
    const v = g.metrics[target.metric];
    return g.tooFewToJudge || v === null ? null : v >= target.min;
  };
  const judged = groups.filter((g) => meets(g) !== null);
  const met = judged.filter((g) => meets(g) === true).length;
  // Each configuration's own accuracy (its accounts, its cut points), when there is more than one.
  const byConfiguration: GroupStat[] =
    result.configurations.length > 1
      ? result.configurations.map((c) => ({
          group: c.name,
          metrics: c.metrics,
          tiers: c.tiers,
          tooFewToJudge: c.metrics.positives < minChurners,
        }))
      : [];
  return (
    <Stack gap="md">
      {byConfiguration.length > 0 && (
        <Paper withBorder p="md" radius="md" data-testid="configuration-accuracy">
          <Stack gap="sm">
            <div>
              <Title order={5}>Accuracy by configuration</Title>
              <Text size="xs" c="dimmed">
                Each configuration judged on the snapshots it scored, with its own cut points.
              </Text>
            </div>
            <GroupTable groups={byConfiguration} scheme={scheme} meets={meets} />
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={5}>Accuracy by {DIMENSION_LABELS[dimension].toLowerCase()}</Title>
              <Text size="xs" c="dimmed">
                Precision, recall and F1 of the at-risk prediction in each group; * = fewer than {minChurners} churners,
                too few to judge
              </Text>
            </div>
            <Group gap="xs" align="flex-end">
              <Select
                size="xs"
                w={130}
                label="Break down by"
                data={DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))}
                value={dimension}
                onChange={(v) => v && setDimension(v as Dimension)}
                allowDeselect={false}
                data-testid="dimension-select"
              />
              <Select
                size="xs"
                w={110}
                label="Target"
                data={[
                  { value: 'recall', label: 'Recall' },
                  { value: 'precision', label: 'Precision' },
                  { value: 'f1', label: 'F1' },
                ]}
                value={target.metric}
                onChange={(v) => v && setTarget({ ...target, metric: v as TargetMetric })}
                allowDeselect={false}
              />
              <NumberInput
                size="xs"
                w={90}
                label="at least"
                suffix=" %"
                min={0}
                max={100}
                value={Math.round(target.min * 100)}
                onChange={(v) => typeof v === 'number' && setTarget({ ...target, min: v / 100 })}
              />
              <NumberInput
                size="xs"
                w={110}
                label="Min churners"
                min={1}
                value={minChurners}
                onChange={(v) => typeof v === 'number' && v >= 1 && setBacktest({ minChurners: Math.floor(v) })}
              />
            </Group>
          </Group>
          <Text size="sm" data-testid="target-share">
            {judged.length === 0 ? (
              'No group has enough churners to judge.'
            ) : (
              <>
                <b>
                  {met} of {judged.length}
                </b>{' '}
                judged groups ({formatPct(met / judged.length)}) reach {target.metric} ≥ {formatPct(target.min)}.
              </>
            )}
          </Text>
          <GroupAccuracy
            groups={groups}
            target={
              target.metric === 'f1' || target.metric === 'precision' || target.metric === 'recall' ? target.min : null
            }
          />
          <GroupTable groups={groups} scheme={scheme} meets={meets} intervals={groupIntervals} />
        </Stack>
      </Paper>
    </Stack>
  );
}
