import { Alert, Badge, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useEngine } from '../../api/engineContext.js';
import { useScenarioStore } from '../../state/scenarioStore.js';
import { useSessionStore } from '../../state/sessionStore.js';
import { useImportStore } from '../../state/importStore.js';

type Listing = Awaited<ReturnType<ReturnType<typeof useEngine>['listWorkspaces']>>;

/** Load exports, and save or reopen a workspace (data + mapping + scenarios). */
export function WorkspaceMenu() {
  const engine = useEngine();
  const [list, setList] = useState<Listing | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => void engine.listWorkspaces({}).then(setList, () => undefined);

  const project = async () => {
    const current = await engine.getProject({});
    return {
      mapping: current.mapping,
      scenarios: useScenarioStore
        .getState()
        .scenarios.map((s) => ({ name: s.name, config: s.config, backtest: s.backtest, savedAt: s.savedAt })),
    };
  };
  const save = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      await engine.saveWorkspace({ name, project: await project() });
      setSaving(null);
      refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const open = async (name: string) => {
    setBusy(true);
    setError(null);
    try {
      const { project: p } = await engine.openWorkspace({ name });
      const skipped = useScenarioStore.getState().replaceAll(p.scenarios);
      if (skipped.length > 0) setError(`Scenarios that no longer validate were not loaded: ${skipped.join(', ')}`);
      const status = await engine.getStatus({});
      useSessionStore.getState().dataChanged(status.generation ?? 0);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const current = list?.current ?? null;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Button
          size="xs"
          variant="filled"
          onClick={() => useImportStore.getState().setOpen(true)}
          data-testid="open-import"
        >
          Load exports…
        </Button>
        <Menu onOpen={refresh} position="bottom-end" width={280}>
          <Menu.Target>
            <Button size="xs" variant="default" loading={busy} data-testid="workspace-menu">
              {current ? `Workspace: ${current}` : 'Workspace'}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {current && <Menu.Item onClick={() => void save(current)}>Save “{current}”</Menu.Item>}
            <Menu.Item onClick={() => setSaving(current ?? '')} data-testid="workspace-save-as">
              Save as…
            </Menu.Item>
            <Menu.Divider />
            <Menu.Label>Recent</Menu.Label>
            {(list?.recent.length ?? 0) === 0 && <Menu.Item disabled>No saved workspaces yet</Menu.Item>}
            {list?.recent.map((w) => (
              <Menu.Item
                key={w.name}
                onClick={() => void open(w.name)}
                rightSection={w.name === current ? <Badge size="xs">open</Badge> : undefined}
              >
                <Text size="sm">{w.name}</Text>
                <Text size="xs" c="dimmed">
                  {w.accounts.toLocaleString('en-US')} accounts · {w.source} ·{' '}
                  {w.savedAt.slice(0, 16).replace('T', ' ')}
                </Text>
              </Menu.Item>
            ))}
            {list && list.all.length > list.recent.length && (
              <>
                <Menu.Label>All</Menu.Label>
                {list.all
                  .filter((w) => !list.recent.some((r) => r.name === w.name))
                  .map((w) => (
                    <Menu.Item key={w.name} onClick={() => void open(w.name)}>
                      {w.name}
                    </Menu.Item>
                  ))}
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Modal opened={saving !== null} onClose={() => setSaving(null)} title="Save workspace">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (saving) void save(saving);
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              Saves the loaded data, the mapping it was loaded with and your scenarios, so the workspace reopens exactly
              as it is.
            </Text>
            <TextInput
              label="Name"
              data-autofocus
              value={saving ?? ''}
              onChange={(e) => setSaving(e.currentTarget.value)}
              data-testid="workspace-name"
            />
            <Group justify="flex-end">
              <Button type="submit" loading={busy} disabled={!saving?.trim()} data-testid="workspace-save">
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {error && (
        <Modal opened onClose={() => setError(null)} title="Workspace">
          <Alert color="red" data-testid="workspace-error">
            {error}
          </Alert>
        </Modal>
      )}
    </>
  );
}
