import { ActionIcon, Button, Group, Menu, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { DEFAULT_CONFIGURATION_ID, describeRule } from '../../../engine/core/model/configurations.js';
import { formatCount } from '../../format.js';
import { editingId, useModelStore } from '../../state/modelStore.js';
import { useSessionStore } from '../../state/sessionStore.js';
import { RuleEditor } from './RuleEditor.js';

const ARR_BAND = 100_000;

/**
 * Which configuration the controls below edit, how many accounts each scores
 * at the as-of date, and adding, ordering and removing configurations.
 */
export function ConfigurationPicker() {
  const variants = useModelStore((s) => s.config?.variants);
  const current = useModelStore(editingId);
  const setEditing = useModelStore((s) => s.setEditing);
  const add = useModelStore((s) => s.addVariant);
  const remove = useModelStore((s) => s.removeVariant);
  const move = useModelStore((s) => s.moveVariant);
  const dataset = useSessionStore((s) => s.dataset);
  const counts = useSessionStore((s) => s.result?.configurations);
  const [editingRule, setEditingRule] = useState(false);
  const list = variants ?? [];
  const count = (id: string) => counts?.find((c) => c.id === id)?.accounts;
  const label = (id: string, name: string) => {
    const n = count(id);
    return n === undefined ? name : `${name} · ${formatCount(n)}`;
  };
  const selected = list.find((v) => v.id === current);
  const index = selected ? list.indexOf(selected) : -1;
  return (
    <Stack gap={6} data-testid="configurations">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Configurations
        </Text>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-xs" variant="subtle" data-testid="add-configuration">
              Add…
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Lifecycle</Menu.Label>
            <Menu.Item onClick={() => add({ kind: 'onboarding' })} data-testid="add-onboarding">
              Onboarding (first 60 days)
            </Menu.Item>
            {(dataset?.segments.length ?? 0) > 1 && <Menu.Label>By segment</Menu.Label>}
            {(dataset?.segments.length ?? 0) > 1 &&
              dataset!.segments.map((s) => (
                <Menu.Item
                  key={`s-${s}`}
                  onClick={() => add({ kind: 'segment', value: s })}
                  data-testid={`add-segment-${s}`}
                >
                  {s}
                </Menu.Item>
              ))}
            {(dataset?.plans.length ?? 0) > 1 && <Menu.Label>By plan</Menu.Label>}
            {(dataset?.plans.length ?? 0) > 1 &&
              dataset!.plans.map((p) => (
                <Menu.Item key={`p-${p}`} onClick={() => add({ kind: 'plan', value: p })}>
                  {p}
                </Menu.Item>
              ))}
            <Menu.Label>By ARR</Menu.Label>
            <Menu.Item onClick={() => add({ kind: 'arr', min: ARR_BAND })}>
              ARR {ARR_BAND.toLocaleString('en-US')} and above
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {list.length === 0 ? (
        <Text size="xs" c="dimmed">
          One configuration scores every account. Add one for onboarding accounts, a segment, a plan or an ARR band to
          give them their own weights and cut points.
        </Text>
      ) : (
        <>
          <SegmentedControl
            size="xs"
            orientation="vertical"
            fullWidth
            value={current}
            onChange={setEditing}
            aria-label="Configuration to edit"
            data-testid="configuration-picker"
            data={[
              ...list.map((v) => ({ value: v.id, label: label(v.id, v.name) })),
              { value: DEFAULT_CONFIGURATION_ID, label: label(DEFAULT_CONFIGURATION_ID, 'Default (everyone else)') },
            ]}
          />
          {selected ? (
            <Group gap={4} wrap="nowrap" justify="space-between">
              <Text size="xs" c="dimmed" data-testid="configuration-rule" style={{ minWidth: 0 }}>
                {index + 1}. {describeRule(selected.when)}
              </Text>
              <Group gap={2} wrap="nowrap">
                <Tooltip label="Edit name and rule">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit the rule of ${selected.name}`}
                    onClick={() => setEditingRule(true)}
                    data-testid="edit-rule"
                  >
                    ✎
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Try earlier">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Move ${selected.name} earlier`}
                    disabled={index === 0}
                    onClick={() => move(selected.id, -1)}
                  >
                    ↑
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Try later">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Move ${selected.name} later`}
                    disabled={index === list.length - 1}
                    onClick={() => move(selected.id, 1)}
                  >
                    ↓
                  </ActionIcon>
                </Tooltip>
                <Tooltip label="Remove this configuration">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${selected.name}`}
                    onClick={() => remove(selected.id)}
                    data-testid="remove-configuration"
                  >
                    ×
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              The default scores accounts no rule above matches. Tried in order; the first match wins.
            </Text>
          )}
          <Text size="xs" c="dimmed">
            Weights, categories, the missing-data policy and cut points below belong to{' '}
            <b>{selected?.name ?? 'Default'}</b>; tier names and playbooks are shared.
          </Text>
        </>
      )}
      {editingRule && selected && <RuleEditor variant={selected} onClose={() => setEditingRule(false)} />}
    </Stack>
  );
}
