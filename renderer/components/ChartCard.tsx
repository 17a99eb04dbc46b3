import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled panel around one chart or table. */
export function ChartCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" h="100%">
      <Title order={5}>{title}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {subtitle}
      </Text>
      {children}
    </Paper>
  );
}
