import {
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { Fragment, useState } from 'react';
import type { AccountRow, AccountsRequest } from '../../engine/core/api/schema.js';
import { useEngineQuery } from '../api/useEngineQuery.js';
import { formatCount } from '../format.js';
import { useModelStore } from '../state/modelStore.js';

const PAGE = 50;
/** A drop this large between snapshots is a real trend, not noise (2–3 points is). */
const REAL_DROP = 15;

/** A raw signal value as read: whole numbers as they are, others to three significant digits. */
const rawValue = (v: number | null) => (v === null ? 'no data' : Number.isInteger(v) ? String(v) : v.toPrecision(3));

function Breakdown({ row }: { row: AccountRow }) {
  return (
    <Stack gap={4} p="xs">
      {row.categories.map((c) => (
        <Fragment key={c.id}>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" w={90}>
              {c.name}
            </Text>
            <Progress
              value={c.score ?? 0}
              w={180}
              color={c.score === null ? 'gray' : c.score < 40 ? 'red' : c.score < 70 ? 'orange' : 'teal'}
              aria-label={`${c.name} score`}
            />
            <Text size="xs" w={150}>
              {c.score === null ? 'no data' : `${c.score.toFixed(0)} × ${c.weight} % = ${c.contribution.toFixed(1)}`}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" pl={98}>
            {row.signals
              .filter((x) => x.categoryId === c.id)
              .map((x) => (
                <span key={x.signal} data-testid={`account-signal-${x.signal}`}>
                  {x.label}: <b>{rawValue(x.value)}</b>
                  {x.score === null ? '' : ` (scores ${x.score.toFixed(0)})`}
                </span>
              ))
              .flatMap((el, k) => (k === 0 ? [el] : [' · ', el]))}
          </Text>
        </Fragment>
      ))}
      <Text size="xs" c="dimmed">
        Each signal shows its value at this date and the 0–100 score it gets. Contributions add up to the score
        {row.missing.length ? `; missing: ${row.missing.join(', ')}` : ''}.
      </Text>
      {row.movers.length > 0 && (
        <Text size="xs" data-testid="signal-movers">
          Since the previous snapshot:{' '}
          {row.movers
            .map(
              (m) =>
                `${m.label} ${m.from === null ? 'no data' : m.from.toFixed(0)} → ${m.to === null ? 'no data' : m.to.toFixed(0)} (${m.points >= 0 ? '+' : '−'}${Math.abs(m.points).toFixed(1)} points)`,
            )
            .join('; ')}
          .
        </Text>
      )}
    </Stack>
  );
}

/** Every account at the as-of date: score, tier, change since the last snapshot, and why. */
export function AccountsView() {
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const asOf = useModelStore((s) => s.asOf);
  const [q, setQ] = useState<Pick<AccountsRequest, 'sort' | 'tierId' | 'search' | 'offset'>>({
    sort: 'score-asc',
    tierId: null,
    search: '',
    offset: 0,
  });
  const [open, setOpen] = useState<string | null>(null);
  // Debounced: typing in the search box or dragging a slider asks once it settles.
  const { data, error } = useEngineQuery(
    'listAccounts',
    config ? { config, backtest, asOf, limit: PAGE, ...q } : null,
    { debounceMs: 200 },
  );
  if (!config) return null;
  const tiers = config.tiers.tiers;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={5}>Accounts at {asOf}</Title>
            <Text size="xs" c="dimmed">
              Click an account for its category breakdown. A drop of {REAL_DROP}+ points since the previous snapshot is
              flagged: small moves are noise.
            </Text>
          </div>
          <Group gap="xs" align="flex-end">
            <TextInput
              size="xs"
              label="Search"
              placeholder="Name or id"
              value={q.search}
              onChange={(e) => setQ({ ...q, search: e.currentTarget.value, offset: 0 })}
              data-testid="accounts-search"
            />
            <Select
              size="xs"
              w={130}
              label="Tier"
              data={[{ value: '', label: 'All tiers' }, ...tiers.map((t) => ({ value: t.id, label: t.name }))]}
              value={q.tierId ?? ''}
              onChange={(v) => setQ({ ...q, tierId: v ? v : null, offset: 0 })}
              allowDeselect={false}
            />
            <SegmentedControl
              size="xs"
              value={q.sort}
              onChange={(v) => setQ({ ...q, sort: v as AccountsRequest['sort'], offset: 0 })}
              data={[
                { value: 'score-asc', label: 'Lowest' },
                { value: 'score-desc', label: 'Highest' },
                { value: 'change-asc', label: 'Biggest drop' },
              ]}
              aria-label="Sort accounts"
              data-testid="accounts-sort"
            />
          </Group>
        </Group>
        {error && (
          <Text c="red" size="sm">
            {error}
          </Text>
        )}
        {data && data.total === 0 && (
          <Text size="sm" c="dimmed">
            No account matches.
          </Text>
        )}
        {data && data.total > 0 && (
          <>
            <Table fz="sm" striped highlightOnHover data-testid="accounts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Segment</Table.Th>
                  <Table.Th ta="right">Score</Table.Th>
                  <Table.Th>Tier</Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => {
                  const tier = tiers.find((t) => t.id === r.tierId);
                  return (
                    <Fragment key={r.accountId}>
                      <Table.Tr
                        style={{ cursor: 'pointer' }}
                        onClick={() => setOpen(open === r.accountId ? null : r.accountId)}
                        data-testid={`account-${r.accountId}`}
                      >
                        <Table.Td>
                          {r.name}{' '}
                          <Text span size="xs" c="dimmed">
                            {r.accountId}
                          </Text>
                          {r.onboarding && (
                            <Badge size="xs" ml={4} variant="light">
                              onboarding
                            </Badge>
                          )}
                          {r.configuration.id !== 'default' && (
                            <Badge
                              size="xs"
                              ml={4}
                              variant="outline"
                              color="grape"
                              title="The configuration that scored this account"
                              data-testid="account-configuration"
                            >
                              {r.configuration.name}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{r.segment}</Table.Td>
                        <Table.Td
                          ta="right"
                          fw={600}
                          c={r.insufficientData ? 'dimmed' : undefined}
                          title={r.insufficientData ? 'Too little data for this score to mean much' : undefined}
                        >
                          {r.score === null ? '—' : r.score.toFixed(1)}
                        </Table.Td>
                        <Table.Td>
                          {tier && (!r.insufficientData || r.override) ? (
                            <Badge size="sm" color={tier.color}>
                              {tier.name}
                            </Badge>
                          ) : (
                            <Badge size="sm" color="gray" variant="outline" data-testid="insufficient-badge">
                              insufficient data
                            </Badge>
                          )}
                          {r.override && (
                            <Tooltip
                              multiline
                              w={320}
                              label={`${r.override.author ?? 'A CSM'} set ${r.override.tier ?? `score ${r.override.score}`} on ${r.override.createdAt}${r.override.expiresAt ? ` until ${r.override.expiresAt}` : ''}: “${r.override.reason}”. Computed: ${tiers.find((t) => t.id === r.computedTierId)?.name ?? '—'}.`}
                            >
                              <Badge size="xs" ml={4} variant="outline" color="violet" data-testid="override-badge">
                                override
                              </Badge>
                            </Tooltip>
                          )}
                        </Table.Td>
                        <Table.Td
                          ta="right"
                          c={r.change !== null && r.change <= -REAL_DROP ? 'red' : undefined}
                          fw={r.change !== null && r.change <= -REAL_DROP ? 700 : 400}
                        >
                          {r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${r.change.toFixed(1)}`}
                          {r.change !== null && r.change <= -REAL_DROP && ' ▼'}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{r.explanation}</Text>
                        </Table.Td>
                      </Table.Tr>
                      <Table.Tr style={{ display: open === r.accountId ? undefined : 'none' }}>
                        <Table.Td colSpan={6}>
                          <Collapse expanded={open === r.accountId}>
                            <Breakdown row={r} />
                          </Collapse>
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Group justify="space-between">
              <Text size="xs" c="dimmed" data-testid="accounts-count">
                {formatCount(q.offset + 1)}–{formatCount(Math.min(q.offset + PAGE, data.total))} of{' '}
                {formatCount(data.total)}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="default"
                  disabled={q.offset === 0}
                  onClick={() => setQ({ ...q, offset: Math.max(0, q.offset - PAGE) })}
                >
                  Previous
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={q.offset + PAGE >= data.total}
                  onClick={() => setQ({ ...q, offset: q.offset + PAGE })}
                >
                  Next
                </Button>
              </Group>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
