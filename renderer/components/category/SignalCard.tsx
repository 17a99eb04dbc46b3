/** One signal of a category in the editor: which signal, its weight, its normalisation and the live preview. */
import { ActionIcon, Badge, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { CustomSignal, SignalInput } from '../../../engine/core/api/schema.js';
import { describeCustomSignal } from './customSignalDraft.js';
import { SIGNALS } from '../../../engine/core/signals/catalog.js';
import { KINDS, label, NormalisationFields, starting } from './NormalisationFields.js';
import { Preview } from './SignalPreview.js';
import { SignalPower } from './SignalPower.js';
import { NO_EXTRAS, useSessionStore } from '../../state/sessionStore.js';

export function SignalCard({
  input,
  definition,
  customSignals,
  applied,
  onChange,
  onRemove,
}: {
  input: SignalInput;
  /** A custom signal's definition: its label and sentence. */
  definition: CustomSignal | undefined;
  /** Every custom definition of the model being edited: the preview's frame holds them. */
  customSignals: readonly CustomSignal[];
  /** False for a custom signal defined in this dialog: the engine's insight has it once applied. */
  applied: boolean;
  onChange: (s: SignalInput) => void;
  onRemove: (() => void) | null;
}) {
  const name = definition?.label ?? label(input.signal);
  const extras = useSessionStore((s) => s.dataset?.extraColumns ?? NO_EXTRAS);
  return (
    <Card withBorder padding="xs" data-testid={`signal-card-${input.signal}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <Text fw={600} size="sm">
              {name}
            </Text>
            {definition && (
              <Badge size="xs" variant="light" title={definition.id}>
                your own
              </Badge>
            )}
          </Group>
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
        <Text size="xs" c="dimmed" data-testid={`signal-description-${input.signal}`}>
          {definition
            ? `${describeCustomSignal(definition, extras)}; ${definition.direction === 'higher_is_riskier' ? 'more means more risk' : 'more is healthier'}.`
            : SIGNALS.find((s) => s.id === input.signal)?.description}
        </Text>
        <NormalisationFields
          spec={input.normalisation}
          name={name}
          onChange={(normalisation) => onChange({ ...input, normalisation })}
        />
        <Preview input={input} customSignals={definition ? customSignals : undefined} />
        {applied ? (
          <SignalPower signal={input.signal} />
        ) : (
          <Text size="xs" c="dimmed">
            How much this signal alone tells about churn shows once you apply.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
