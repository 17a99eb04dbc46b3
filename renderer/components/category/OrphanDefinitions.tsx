/** Custom signal definitions an edit leaves in no category: each offered for deletion (kept unless the user says so). */
import { Alert, Button, Group, Text } from '@mantine/core';
import type { CustomSignal } from '../../../engine/core/api/schema.js';

export function OrphanDefinitions({
  orphans,
  deleting,
  onToggle,
}: {
  orphans: readonly CustomSignal[];
  deleting: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  return orphans.map((d) => (
    <Alert key={d.id} color={deleting.has(d.id) ? 'red' : 'blue'} py={6} data-testid={`orphan-${d.id}`}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs">
          {deleting.has(d.id)
            ? `The definition of “${d.label}” will be deleted when you apply.`
            : `No category lists “${d.label}” after this edit. Delete its definition too, or keep it to add again later?`}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          color={deleting.has(d.id) ? 'gray' : 'red'}
          onClick={() => onToggle(d.id)}
          data-testid={`delete-definition-${d.id}`}
        >
          {deleting.has(d.id) ? 'Keep it' : 'Delete definition'}
        </Button>
      </Group>
    </Alert>
  ));
}
