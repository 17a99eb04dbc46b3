import { ActionIcon, Button, Group, Menu, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useModelStore } from '../state/modelStore.js';
import { ConfigFiles } from './ConfigFiles.js';
import { useScenarioStore } from '../state/scenarioStore.js';

/** Save the current model as a named scenario, load, duplicate, rename or delete one; undo and redo every edit. */
export function ScenarioBar() {
  const { scenarios, save, duplicate, rename, remove } = useScenarioStore();
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const load = useModelStore((s) => s.load);
  const undo = useModelStore((s) => s.undo);
  const redo = useModelStore((s) => s.redo);
  const canUndo = useModelStore((s) => s.past.length > 0);
  const canRedo = useModelStore((s) => s.future.length > 0);
  const [selected, setSelected] = useState<string | null>(null);
  const [naming, setNaming] = useState<{ mode: 'save' | 'rename'; name: string } | null>(null);
  if (!config) return null;
  const current = scenarios.find((s) => s.id === selected) ?? null;
  const submit = () => {
    if (!naming) return;
    if (naming.mode === 'save') setSelected(save(naming.name, { config, backtest }).id);
    else if (current) rename(current.id, naming.name);
    setNaming(null);
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          Scenario
        </Text>
        <Group gap={4}>
          <Tooltip label="Undo (Ctrl+Z)">
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={undo}
              disabled={!canUndo}
              aria-label="Undo"
              data-testid="undo"
            >
              ↶
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={redo}
              disabled={!canRedo}
              aria-label="Redo"
              data-testid="redo"
            >
              ↷
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {naming ? (
        <Group gap={4} wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            placeholder="Scenario name"
            aria-label="Scenario name"
            value={naming.name}
            onChange={(e) => setNaming({ ...naming, name: e.currentTarget.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') submit();
              if (e.key === 'Escape') setNaming(null);
            }}
            autoFocus
            data-testid="scenario-name"
          />
          <Button size="xs" onClick={submit} disabled={!naming.name.trim()}>
            {naming.mode === 'save' ? 'Save' : 'Rename'}
          </Button>
        </Group>
      ) : (
        <Group gap={4} wrap="nowrap">
          <Select
            size="xs"
            style={{ flex: 1 }}
            placeholder={scenarios.length ? 'Load a saved scenario' : 'No saved scenarios yet'}
            data={scenarios.map((s) => ({ value: s.id, label: s.name }))}
            value={selected}
            onChange={(id) => {
              setSelected(id);
              const s = scenarios.find((x) => x.id === id);
              if (s) load({ config: s.config, backtest: s.backtest });
            }}
            aria-label="Saved scenarios"
            data-testid="scenario-select"
          />
          <Button
            size="xs"
            variant="light"
            onClick={() => setNaming({ mode: 'save', name: '' })}
            data-testid="scenario-save"
          >
            Save as…
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="default" size={30} aria-label="Scenario actions" disabled={!current}>
                ⋯
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => current && setNaming({ mode: 'rename', name: current.name })}>Rename</Menu.Item>
              <Menu.Item onClick={() => current && duplicate(current.id)}>Duplicate</Menu.Item>
              <Menu.Item
                color="red"
                onClick={() => {
                  if (current) remove(current.id);
                  setSelected(null);
                }}
              >
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      )}
      <ConfigFiles />
    </Stack>
  );
}
