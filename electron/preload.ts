/**
 * Sandboxed preload: exposes four functions to the page (engine calls,
 * snapshot bytes, adding files the user chose) and nothing of Node or
 * ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CHANNELS, type BridgeResult, type WorkbenchBridge } from '../engine/core/api/bridge.js';

export const bridge: WorkbenchBridge = {
  invoke: (method: string, payload: unknown) =>
    ipcRenderer.invoke(IPC_CHANNELS.invoke, method, payload) as Promise<BridgeResult>,
  getSnapshotFrame: (cadence: 'monthly' | 'weekly', graceDays?: number, customSignals?: readonly unknown[]) =>
    (customSignals !== undefined && customSignals.length > 0
      ? ipcRenderer.invoke(IPC_CHANNELS.frame, cadence, graceDays, customSignals)
      : graceDays === undefined
        ? ipcRenderer.invoke(IPC_CHANNELS.frame, cadence)
        : ipcRenderer.invoke(IPC_CHANNELS.frame, cadence, graceDays)) as Promise<Uint8Array>,
  getImportIssuesCsv: () => ipcRenderer.invoke(IPC_CHANNELS.issuesCsv) as Promise<Uint8Array>,
  addFiles: (files: File[]) =>
    ipcRenderer.invoke(
      IPC_CHANNELS.addFiles,
      files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== ''),
    ) as Promise<BridgeResult>,
  chooseFiles: (folder: boolean) =>
    ipcRenderer.invoke(IPC_CHANNELS.chooseFiles, folder === true) as Promise<BridgeResult>,
};

contextBridge.exposeInMainWorld('workbench', bridge);
