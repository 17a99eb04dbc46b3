import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Finding, Severity, Verdict as VerdictT } from '../../engine/core/api/schema.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { useModelStore } from '../state/modelStore.js';
import { useSessionStore } from '../state/sessionStore.js';

const TONE: Record<Severity, { color: string; label: string }> = {
  serious: { color: 'red', label: 'Serious' },
  caution: { color: 'yellow', label: 'Caution' },
  good: { color: 'teal', label: 'Good' },
};

/** The verdict on the result on screen, with its intervals once computed: the same rules the CLI and approval run. */
export function useVerdict(): VerdictT | null {
  const result = useSessionStore((s) => s.result);
  const intervals = useSessionStore((s) => s.intervals);
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  return useMemo(
    () => (result && config ? verdictOf({ result: { ...result, intervals }, config, backtest }) : null),
    [result, intervals, config, backtest],
  );
}

function FindingRow({ f }: { f: Finding }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid={`finding-${f.id}`} data-severity={f.severity}>
      <Badge color={TONE[f.severity].color} variant="light" size="sm" miw={70}>
        {TONE[f.severity].label}
      </Badge>
      <div>
        <Text size="sm">{f.sentence}</Text>
        <Text size="xs" c="dimmed">
          Next: {f.nextStep}
        </Text>
      </div>
    </Group>
  );
}

/** Is this score any good? The verdict in plain words, above the tier cards; `verdict` for a scenario's own. */
export function Verdict({ verdict, compact = false }: { verdict?: VerdictT | null; compact?: boolean }) {
  const own = useVerdict();
  const v = verdict === undefined ? own : verdict;
  if (!v) return null;
  const shown = compact ? v.findings.filter((f) => f.severity !== 'good') : v.findings;
  return (
    <Alert
      color={TONE[v.overall].color}
      variant="light"
      title={v.headline}
      data-testid="verdict"
      data-overall={v.overall}
      p={compact ? 'xs' : 'sm'}
    >
      <Stack gap={6}>
        {shown.map((f) => (
          <FindingRow key={`${f.id}-${f.sentence}`} f={f} />
        ))}
      </Stack>
    </Alert>
  );
}
