/**
 * Sandboxed preload: exposes exactly two functions to the page and nothing of
 * Node or ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type BridgeResult, type WorkbenchBridge } from '../engine/api/bridge.js';

export const bridge: WorkbenchBridge = {
  invoke: (method: string, payload: unknown) => ipcRenderer.invoke(IPC_CHANNELS.invoke, method, payload) as Promise<BridgeResult>,
  getSnapshotFrame: (cadence: 'monthly' | 'weekly') => ipcRenderer.invoke(IPC_CHANNELS.frame, cadence) as Promise<Uint8Array>,
};

contextBridge.exposeInMainWorld('workbench', bridge);
