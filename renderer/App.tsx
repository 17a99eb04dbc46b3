import { AppShell, ScrollArea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { WorkbenchClient } from './api/client.js';
import { EngineContext } from './api/engineContext.js';
import { CalibrationView } from './components/CalibrationView.js';
import { Controls } from './components/Controls.js';
import { Header } from './components/Header.js';
import { ImportDialog } from './components/data/ImportDialog.js';
import type { Recompute } from './compute/recompute.js';
import { RecomputeContext } from './compute/wantedResults.js';
import { ErrorScreen, LoadingScreen } from './components/LoadingScreen.js';
import { startSession } from './session.js';
import { useModelStore } from './state/modelStore.js';
import { useSessionStore } from './state/sessionStore.js';

export function App({ client }: { client: WorkbenchClient }) {
  const ready = useSessionStore((s) => s.status.state === 'ready' && s.dataset !== null);
  const error = useSessionStore((s) => s.error);
  const generation = useSessionStore((s) => s.generation);
  const [recompute, setRecompute] = useState<Recompute | null>(null);
  // A session per data generation: an import or a workspace starts a new one on the new data.
  useEffect(() => {
    const session = startSession(client);
    setRecompute(session.recompute);
    return session.dispose;
  }, [client, generation]);
  useEffect(() => {
    // Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes; text fields keep their own undo.
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const t = e.target as HTMLElement | null;
      // Radio groups (segmented controls), checkboxes and switches have no text to undo: the model's undo applies.
      const textInput =
        t?.tagName === 'INPUT' && !['radio', 'checkbox', 'button', 'range'].includes((t as HTMLInputElement).type);
      if (t && (textInput || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) useModelStore.getState().undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') useModelStore.getState().redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // A failed start (e.g. a folder without exports) can still be recovered from by loading files.
  if (error && !ready)
    return (
      <EngineContext.Provider value={client}>
        <ErrorScreen message={error} />
        <ImportDialog />
      </EngineContext.Provider>
    );
  if (!ready) return <LoadingScreen />;
  return (
    <EngineContext.Provider value={client}>
      <RecomputeContext.Provider value={recompute}>
        <AppShell header={{ height: 56 }} navbar={{ width: 350, breakpoint: 'sm' }} padding="md">
          <AppShell.Header>
            <Header />
          </AppShell.Header>
          <AppShell.Navbar>
            <ScrollArea type="auto" h="100%">
              <Controls />
            </ScrollArea>
          </AppShell.Navbar>
          <AppShell.Main bg="gray.0">
            <CalibrationView />
          </AppShell.Main>
        </AppShell>
        <ImportDialog />
      </RecomputeContext.Provider>
    </EngineContext.Provider>
  );
}
