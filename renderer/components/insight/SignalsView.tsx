/** Every signal and category ranked by how well it alone tells churners from stayers on the evaluated snapshots. */
import { Alert, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { PredictorInsight } from '../../../engine/core/api/schema.js';
import { byPower } from '../../../engine/core/insight/signalInsight.js';
import { CATEGORY_IDS } from '../../../engine/core/signals/catalog.js';
import { BandChurn } from '../../charts/BandChurn.js';
import { formatCount, formatPct, formatRatio } from '../../format.js';
import { directionWords, ivWords, unjudged } from './powerWords.js';
import { useInsight } from './useInsight.js';

const COLUMNS: { name: string; meaning: string; right?: boolean }[] = [
  { name: 'Signal', meaning: 'and the category it belongs to' },
  { name: 'Coverage', meaning: 'share of evaluated snapshots where it can be computed', right: true },
  { name: 'AUC', meaning: 'chance a churner ranks worse than a stayer on it alone (0.5 = a coin toss)', right: true },
  { name: 'Direction', meaning: 'which way churn goes' },
  { name: 'IV', meaning: 'information value of its bands (< 0.02 not useful, > 0.3 strong)', right: true },
  { name: 'Churn by value band', meaning: 'churn rate per band, lowest values left; one scale for all rows' },
];

const categoryName = (id: string) =>
  (CATEGORY_IDS as readonly string[]).includes(id) ? id[0]!.toUpperCase() + id.slice(1) : id;

function Rows({ items, kind }: { items: PredictorInsight[]; kind: 'signal' | 'category' }) {
  // One scale for the table, so a taller bar means more churn whichever row it is in.
  const top = Math.max(0.01, ...items.flatMap((p) => p.bands.map((b) => b.churnRate)));
  return (
    <Table fz="xs" striped verticalSpacing={4} data-testid={`insight-table-${kind}`}>
      <Table.Thead>
        <Table.Tr>
          {COLUMNS.map((c) => (
            <Table.Th key={c.name} ta={c.right ? 'right' : undefined} style={{ verticalAlign: 'bottom' }}>
              {kind === 'category' && c.name === 'Signal' ? 'Category' : c.name}
              <Text size="10px" c="dimmed" fw={400} lh={1.2} maw={190}>
                {kind === 'category' && c.name === 'Signal'
                  ? 'its score (0–100) in the default configuration'
                  : c.meaning}
              </Text>
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...items].sort(byPower).map((p) => {
          const why = unjudged(p);
          return (
            <Table.Tr key={p.id} data-testid={`insight-row-${p.id}`}>
              <Table.Td>
                <Text size="xs" fw={600}>
                  {p.label}
                </Text>
                {kind === 'signal' && (
                  <Text size="10px" c="dimmed">
                    {categoryName(p.category)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{why === 'no data' ? 'no data' : formatPct(p.coverage)}</Table.Td>
              <Table.Td ta="right">{why ? '—' : formatRatio(p.auc)}</Table.Td>
              <Table.Td>
                {why ? (
                  <Badge size="xs" variant="light" color="gray">
                    {why}
                  </Badge>
                ) : (
                  directionWords(p)
                )}
              </Table.Td>
              <Table.Td ta="right">{why ? '—' : `${p.iv.toFixed(3)} · ${ivWords(p.iv)}`}</Table.Td>
              <Table.Td>{why ? null : <BandChurn bands={p.bands} top={top} />}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function SignalsView() {
  const { data, error } = useInsight();
  if (error)
    return (
      <Alert color="red" title="Signal insight failed">
        {error}
      </Alert>
    );
  if (!data) return <Text c="dimmed">Judging every signal on the evaluated snapshots…</Text>;
  return (
    <Stack gap="md" data-testid="signals-view">
      <Paper withBorder p="md" radius="md">
        <Title order={5}>Categories</Title>
        <Text size="xs" c="dimmed" mb="xs">
          Each category score alone over the {formatCount(data.evaluated)} evaluated snapshots (
          {formatCount(data.churned)} churned). A weak category with a large weight dilutes the score.
        </Text>
        <Rows items={data.categories} kind="category" />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={5}>Signals, strongest first</Title>
        <Text size="xs" c="dimmed" mb="xs">
          Every signal in the library, raw value alone, whether the model uses it or not. A strong signal the model
          leaves out is worth adding; one with low coverage needs its source loaded for more accounts.
        </Text>
        <Rows items={data.signals} kind="signal" />
      </Paper>
    </Stack>
  );
}
