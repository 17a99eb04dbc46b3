import { ActionIcon, Button, ColorInput, Modal, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { EditFooter } from './EditFooter.js';
import { useState } from 'react';
import type { Tier, TierScheme } from '../../engine/core/api/schema.js';
import { playbookText } from '../../engine/core/model/playbook.js';
import { editableOf, useModelStore } from '../state/modelStore.js';

const slug = (name: string, taken: string[]) => {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'tier';
  let id = base;
  for (let k = 2; taken.includes(id); k++) id = `${base}-${k}`;
  return id;
};

/** Names, colours, playbook actions and response times of the tiers, and how many there are. */
export function TierEditor({ onClose }: { onClose: () => void }) {
  const scheme = useModelStore((s) => editableOf(s)?.tiers);
  const setTiers = useModelStore((s) => s.setTiers);
  const [draft, setDraft] = useState<Tier[]>(scheme?.tiers ?? []);
  const [problems, setProblems] = useState<string[]>([]);
  if (!scheme) return null;
  const patch = (i: number, p: Partial<Tier>) => setDraft(draft.map((t, j) => (j === i ? { ...t, ...p } : t)));
  const add = () => {
    // A new tier splits the healthiest range in two.
    const top = draft[0]!;
    const min = Math.min(99, Math.round((top.min + 100) / 2));
    const name = 'New tier';
    setDraft([
      {
        id: slug(
          name,
          draft.map((t) => t.id),
        ),
        name,
        color: '#1c7ed6',
        min,
        action: '',
      },
      ...draft,
    ]);
  };
  const remove = (i: number) => {
    const next = draft.filter((_, j) => j !== i);
    // The last tier always starts at 0.
    next[next.length - 1] = { ...next[next.length - 1]!, min: 0 };
    setDraft(next);
  };
  const apply = () => {
    const tiers: TierScheme = {
      id: 'custom',
      name: 'Custom tiers',
      tiers: draft.map((t) => (t.action === '' ? { ...t, action: undefined } : t)),
    };
    const errors = setTiers(tiers);
    setProblems(errors);
    if (errors.length === 0) onClose();
  };
  return (
    <Modal opened onClose={onClose} size="xl" title="Tiers and playbooks" data-testid="tier-editor">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Healthiest first. Each tier starts at its score and runs up to the next; the last starts at 0. The playbook
          shows on the tier cards, in scored exports and in the warehouse SQL.
        </Text>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Colour</Table.Th>
              <Table.Th>From score</Table.Th>
              <Table.Th>Playbook action</Table.Th>
              <Table.Th>Respond within (hours)</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.map((t, i) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    w={120}
                    aria-label={`Tier ${i + 1} name`}
                    value={t.name}
                    onChange={(e) => patch(i, { name: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <ColorInput
                    size="xs"
                    w={110}
                    aria-label={`${t.name} colour`}
                    value={t.color}
                    format="hex"
                    onChange={(v) => patch(i, { color: v })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={80}
                    aria-label={`${t.name} lower bound`}
                    value={t.min}
                    min={0}
                    max={100}
                    disabled={i === draft.length - 1}
                    onChange={(v) => typeof v === 'number' && patch(i, { min: Math.round(v) })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${t.name} action`}
                    value={t.action ?? ''}
                    onChange={(e) => patch(i, { action: e.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={110}
                    aria-label={`${t.name} response hours`}
                    value={t.responseHours ?? ''}
                    min={1}
                    max={8760}
                    placeholder="—"
                    onChange={(v) =>
                      patch(i, { responseHours: typeof v === 'number' && v >= 1 ? Math.round(v) : undefined })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${t.name}`}
                    disabled={draft.length <= 2}
                    onClick={() => remove(i)}
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" data-testid="playbook-preview">
          {draft.map((t) => `${t.name}: ${playbookText(t) || 'no playbook'}`).join(' · ')}
        </Text>
        <EditFooter
          problems={problems}
          problemsTestId="tier-problems"
          onCancel={onClose}
          onApply={apply}
          applyTestId="apply-tiers"
          extra={
            <Button variant="subtle" onClick={add} disabled={draft.length >= 7}>
              Add a tier
            </Button>
          }
        />
      </Stack>
    </Modal>
  );
}
