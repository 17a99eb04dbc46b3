import { Paper, Table, Text, Title } from '@mantine/core';
import { useWantedResult } from '../compute/wantedResults.js';
import { formatCount, formatPct } from '../format.js';
import { useSessionStore } from '../state/sessionStore.js';

/** How often each tier-crossing alert was followed by churn, with and without waiting a month to confirm. */
export function AlertsView() {
  // The alert backtest costs a pass over every snapshot: computed only while this view is open.
  useWantedResult('alerts');
  const result = useSessionStore((s) => s.result);
  if (!result) return null;
  const b = result.backtest;
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={5}>Alert backtest</Title>
      <Text size="xs" c="dimmed" mb="xs">
        An alert fires when an account crosses into a worse tier between two month-ends. "Confirmed" waits until the
        next month-end is still low — fewer false alarms, one month later. Precision = share of alerts followed by churn
        within {b.horizonDays} days (evaluated months only).
      </Text>
      <Table striped fz="sm" data-testid="alerts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Alert</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th ta="right">Alerts</Table.Th>
            <Table.Th ta="right">Followed by churn</Table.Th>
            <Table.Th ta="right">Precision</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {b.alerts === null && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  Computing the alert backtest…
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {(b.alerts ?? []).map((a) => (
            <Table.Tr key={a.id} data-testid={`alert-${a.id}`}>
              <Table.Td>{a.label}</Table.Td>
              <Table.Td>{a.confirmed ? 'confirmed (two low periods)' : 'first crossing'}</Table.Td>
              <Table.Td ta="right">{formatCount(a.alerts)}</Table.Td>
              <Table.Td ta="right">{formatCount(a.followedByChurn)}</Table.Td>
              <Table.Td ta="right">{formatPct(a.precision)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
