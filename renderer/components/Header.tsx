import { Badge, Group, Text, Title } from '@mantine/core';
import { formatCount } from '../format.js';
import { selectComputing, useSessionStore } from '../state/sessionStore.js';
import { WorkspaceMenu } from './data/WorkspaceMenu.js';

export function Header() {
  const dataset = useSessionStore((s) => s.dataset);
  const computeMs = useSessionStore((s) => s.computeMs);
  const computing = useSessionStore(selectComputing);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Title order={4} style={{ whiteSpace: 'nowrap' }}>
          Health Score Workbench
        </Title>
        {dataset && (
          <Badge variant="light" color="gray">
            {dataset.source}
          </Badge>
        )}
      </Group>
      {dataset && (
        <Group gap="lg" wrap="nowrap">
          <Text size="sm" c="dimmed" data-testid="dataset-summary">
            {formatCount(dataset.accounts)} accounts · {formatCount(dataset.snapshots)} snapshots ·{' '}
            {dataset.periods.length} month-end{dataset.periods.length === 1 ? '' : 's'} · data through{' '}
            {dataset.observedThrough}
          </Text>
          <Badge variant="dot" color={computing ? 'yellow' : 'teal'} miw={150} data-testid="compute-status">
            {computing ? 'updating…' : computeMs === null ? 'ready' : `updated in ${computeMs.toFixed(0)} ms`}
          </Badge>
          <WorkspaceMenu />
        </Group>
      )}
    </Group>
  );
}
