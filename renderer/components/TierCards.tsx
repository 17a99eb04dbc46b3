import { playbookText } from '../../engine/core/model/playbook.js';
import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { formatCount, formatMonth, formatPct } from '../format.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

/** Tier distribution of the portfolio at the as-of month. */
export function TierCards() {
  const result = useSessionStore((s) => s.result);
  const tiers = useModelStore((s) => s.config?.tiers.tiers ?? []);
  if (!result) return null;
  const { portfolio } = result;
  return (
    <SimpleGrid cols={{ base: 2, md: tiers.length + 1 }} spacing="sm">
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Accounts · {formatMonth(portfolio.asOf)}
        </Text>
        <Text size="xl" fw={700} data-testid="portfolio-accounts">
          {formatCount(portfolio.accounts)}
        </Text>
        <Text size="xs" c="dimmed">
          mean score {portfolio.meanScore === null ? '—' : portfolio.meanScore.toFixed(1)}
        </Text>
      </Paper>
      {portfolio.tierCounts.map((tc) => {
        const tier = tiers.find((t) => t.id === tc.tierId);
        const share = portfolio.accounts > 0 ? tc.count / portfolio.accounts : null;
        return (
          <Paper
            key={tc.tierId}
            withBorder
            p="sm"
            radius="md"
            style={{ borderLeft: `4px solid ${tier?.color ?? '#868e96'}` }}
          >
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {tier?.name ?? tc.tierId}
            </Text>
            <Group gap={6} align="baseline">
              <Text size="xl" fw={700} data-testid={`tier-count-${tc.tierId}`} data-value={tc.count}>
                {formatCount(tc.count)}
              </Text>
              <Text size="sm" c="dimmed">
                accounts · {formatPct(share)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed" lineClamp={1} title={tier ? playbookText(tier) : ''}>
              {tier ? playbookText(tier) : ''}
            </Text>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
