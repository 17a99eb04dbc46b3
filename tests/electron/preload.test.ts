import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (...args: unknown[]) => ({ ok: true, value: args }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: { invoke },
  // Files built by the page have no path; only files the user dropped or picked do.
  webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
}));

describe('preload bridge', () => {
  it('exposes only engine calls, snapshot and issue-log bytes and adding files, under window.workbench', async () => {
    await import('../../electron/preload.js');
    expect(Object.keys(exposed)).toEqual(['workbench']);
    expect(Object.keys(exposed.workbench as object).sort()).toEqual([
      'addFiles',
      'chooseFiles',
      'getImportIssuesCsv',
      'getSnapshotFrame',
      'invoke',
    ]);
  });
  it('sends calls on the engine channels only', async () => {
    const { bridge } = await import('../../electron/preload.js');
    await bridge.invoke('getStatus', {});
    await bridge.getSnapshotFrame('monthly');
    await bridge.getSnapshotFrame('weekly', 60);
    await bridge.getSnapshotFrame('monthly', undefined, [{ id: 'custom.x' }]);
    await bridge.getSnapshotFrame('monthly', 60, []);
    await bridge.getImportIssuesCsv();
    expect(invoke.mock.calls).toEqual([
      ['engine:invoke', 'getStatus', {}],
      ['engine:frame', 'monthly'],
      ['engine:frame', 'weekly', 60],
      ['engine:frame', 'monthly', undefined, [{ id: 'custom.x' }]],
      ['engine:frame', 'monthly', 60],
      ['engine:issues-csv'],
    ]);
  });
  it('sends the paths of chosen files, never of files the page made up', async () => {
    const { bridge } = await import('../../electron/preload.js');
    invoke.mockClear();
    await bridge.addFiles([{ path: '/home/me/accounts.csv' }, { name: 'forged.csv' }] as unknown as File[]);
    await bridge.chooseFiles(true);
    expect(invoke.mock.calls).toEqual([
      ['files:add', ['/home/me/accounts.csv']],
      ['files:choose', true],
    ]);
  });
});
