/** One signal of a category in the editor: which signal, its weight, its normalisation and the live preview. */
import { ActionIcon, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { SignalInput } from '../../../engine/core/api/schema.js';
import { SIGNALS } from '../../../engine/core/signals/catalog.js';
import { KINDS, label, NormalisationFields, starting } from './NormalisationFields.js';
import { Preview } from './SignalPreview.js';
import { SignalPower } from './SignalPower.js';

export function SignalCard({
  input,
  onChange,
  onRemove,
}: {
  input: SignalInput;
  onChange: (s: SignalInput) => void;
  onRemove: (() => void) | null;
}) {
  const name = label(input.signal);
  return (
    <Card withBorder padding="xs" data-testid={`signal-card-${input.signal}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {name}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <NumberInput
              size="xs"
              w={90}
              aria-label={`${name} weight in the category`}
              value={input.weight}
              min={0.1}
              step={0.5}
              decimalScale={2}
              prefix="× "
              onChange={(v) => typeof v === 'number' && v > 0 && onChange({ ...input, weight: v })}
            />
            <Select
              size="xs"
              w={220}
              aria-label={`${name} normalisation`}
              data={KINDS}
              value={input.normalisation.kind}
              allowDeselect={false}
              onChange={(v) =>
                v &&
                v !== input.normalisation.kind &&
                onChange({ ...input, normalisation: starting(v, input.normalisation) })
              }
              data-testid={`kind-${input.signal}`}
            />
            {onRemove && (
              <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
                ×
              </ActionIcon>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {SIGNALS.find((s) => s.id === input.signal)?.description}
        </Text>
        <NormalisationFields
          spec={input.normalisation}
          name={name}
          onChange={(normalisation) => onChange({ ...input, normalisation })}
        />
        <Preview input={input} />
        <SignalPower signal={input.signal} />
      </Stack>
    </Card>
  );
}
