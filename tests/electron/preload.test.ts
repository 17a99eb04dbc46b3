import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (...args: unknown[]) => ({ ok: true, value: args }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: { invoke },
}));

describe('preload bridge', () => {
  it('exposes only invoke and getSnapshotFrame, under window.workbench', async () => {
    await import('../../electron/preload.js');
    expect(Object.keys(exposed)).toEqual(['workbench']);
    expect(Object.keys(exposed.workbench as object).sort()).toEqual(['getSnapshotFrame', 'invoke']);
  });
  it('sends calls on the engine channels only', async () => {
    const { bridge } = await import('../../electron/preload.js');
    await bridge.invoke('getStatus', {});
    await bridge.getSnapshotFrame('monthly');
    expect(invoke.mock.calls).toEqual([['engine:invoke', 'getStatus', {}], ['engine:frame', 'monthly']]);
  });
});
