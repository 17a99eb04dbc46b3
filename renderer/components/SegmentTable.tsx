import { Table, Text } from '@mantine/core';
import type { EvaluationResult, TierScheme } from '../../engine/api/schema.js';
import { formatCount, formatPct } from '../format.js';

/** The per-segment numbers behind the chart, with churn rate per tier. */
export function SegmentTable({ result, scheme }: { result: EvaluationResult; scheme: TierScheme }) {
  const segs = result.backtest.segments;
  return (
    <Table striped fz="sm" aria-label="Accuracy by segment" data-testid="segment-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Segment</Table.Th>
          <Table.Th ta="right">Snapshots</Table.Th>
          <Table.Th ta="right">Churned</Table.Th>
          <Table.Th ta="right">Precision</Table.Th>
          <Table.Th ta="right">Recall</Table.Th>
          <Table.Th ta="right">F1</Table.Th>
          {scheme.tiers.map((t) => <Table.Th key={t.id} ta="right">{t.name} churn</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {segs.map((s) => (
          <Table.Tr key={s.segment} data-testid={`segment-row-${s.segment}`}>
            <Table.Td>{s.segment}</Table.Td>
            <Table.Td ta="right">{formatCount(s.metrics.n)}</Table.Td>
            <Table.Td ta="right">{formatCount(s.metrics.positives)}</Table.Td>
            <Table.Td ta="right" data-value={s.metrics.precision ?? ''}>{formatPct(s.metrics.precision)}</Table.Td>
            <Table.Td ta="right" data-value={s.metrics.recall ?? ''}>{formatPct(s.metrics.recall)}</Table.Td>
            <Table.Td ta="right">{formatPct(s.metrics.f1)}</Table.Td>
            {s.tiers.map((t) => <Table.Td key={t.tierId} ta="right">{formatPct(t.churnRate)}</Table.Td>)}
          </Table.Tr>
        ))}
        {segs.length === 0 && (
          <Table.Tr><Table.Td colSpan={6 + scheme.tiers.length}><Text size="sm" c="dimmed">No segments in this data.</Text></Table.Td></Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
