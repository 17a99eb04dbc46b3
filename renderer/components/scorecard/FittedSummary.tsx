/** What the fit built: category weights, each signal's bands, the cut points, and the signals it left out and why. */
import { Badge, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ScorecardFitResult } from '../../../engine/core/api/schema.js';
import { SIGNALS } from '../../../engine/core/signals/catalog.js';

const labelOf = (id: string) => SIGNALS.find((s) => s.id === id)?.label ?? id;

export function FittedSummary({ fit }: { fit: ScorecardFitResult }) {
  const bySignal = new Map(fit.signals.map((s) => [s.signal as string, s]));
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs" data-testid="scorecard-categories">
        {fit.config.categories.map((c) => (
          <Stack
            key={c.id}
            gap={2}
            miw={170}
            p="xs"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}
          >
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {c.name}
              </Text>
              <Badge size="sm" variant="light">
                {c.weight} %
              </Badge>
            </Group>
            {c.signals.map((s) => {
              const f = bySignal.get(s.signal);
              return (
                <Text key={s.signal} size="xs" c="dimmed">
                  {labelOf(s.signal)}
                  {f
                    ? ` · ${f.bands} bands, churn ${f.direction === 'risk-falls' ? 'falls' : 'rises'} as it grows`
                    : ''}
                </Text>
              );
            })}
          </Stack>
        ))}
      </SimpleGrid>
      <Text size="xs" data-testid="scorecard-cuts">
        <b>Cut points:</b> {fit.config.tiers.tiers.map((t) => `${t.name} ≥ ${t.min}`).join(', ')}. {fit.cutsNote}
      </Text>
      {fit.ignored.length > 0 && (
        <div data-testid="scorecard-ignored">
          <Text size="xs" fw={600}>
            Left out ({fit.ignored.length} signals): they get no points in the fitted scorecard.
          </Text>
          <List size="xs" c="dimmed" spacing={0}>
            {fit.ignored.map((x) => (
              <List.Item key={x.id}>
                {labelOf(x.id)} — {x.reason}
              </List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed">
            A signal with no data needs its source loaded; one that adds nothing is already told by the others.
          </Text>
        </div>
      )}
    </Stack>
  );
}
