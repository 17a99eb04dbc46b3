import { Alert, Button, Group, List } from '@mantine/core';
import type { ReactNode } from 'react';

/** The bottom of an edit dialog: why the edit was refused (if it was), an optional extra action, Cancel and Apply. */
export function EditFooter({
  problems,
  problemsTestId,
  extra,
  onCancel,
  onApply,
  applyTestId,
}: {
  problems: string[];
  problemsTestId: string;
  extra: ReactNode;
  onCancel: () => void;
  onApply: () => void;
  applyTestId: string;
}) {
  return (
    <>
      {problems.length > 0 && (
        <Alert color="red" title="Not applied" data-testid={problemsTestId}>
          <List size="xs">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="space-between">
        {extra ?? <span />}
        <Group gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={onApply} data-testid={applyTestId}>
            Apply
          </Button>
        </Group>
      </Group>
    </>
  );
}
