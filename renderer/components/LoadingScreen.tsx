import { Alert, Button, Center, Code, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useImportStore } from '../state/importStore.js';
import { useSessionStore } from '../state/sessionStore.js';

export function LoadingScreen() {
  const status = useSessionStore((s) => s.status);
  const pct = status.total > 0 ? Math.round((status.done / status.total) * 100) : 0;
  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={460} radius="md">
        <Stack gap="sm">
          <Title order={3}>Health Score Workbench</Title>
          <Text size="sm" c="dimmed">
            Loading exports into the local engine and building monthly snapshots. Nothing leaves this computer.
          </Text>
          <Progress value={pct} animated size="lg" aria-label="Loading progress" data-testid="load-progress" />
          <Text size="sm" data-testid="load-step">
            {status.step}…
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}

export function ErrorScreen({ message }: { message: string }) {
  return (
    <Center h="100vh" bg="gray.0">
      <Alert color="red" title="The workbench could not start" w={560} data-testid="fatal-error">
        <Text size="sm">The engine reported:</Text>
        <Code block mt="xs">
          {message}
        </Code>
        <Text size="sm" mt="xs">
          Check that the export folder holds accounts.csv, usage_events.csv and churn.csv (or .csv.gz), then restart —
          or load your export files here.
        </Text>
        <Button mt="sm" onClick={() => useImportStore.getState().setOpen(true)} data-testid="error-open-import">
          Load exports…
        </Button>
      </Alert>
    </Center>
  );
}
