/**
 * What the Electron preload exposes to the renderer as `window.workbench`.
 * Deliberately tiny: one generic call validated on the other side, and the
 * snapshot bytes. Results arrive as a tagged union because Electron drops
 * custom error fields (the validation issues) when a handler throws.
 */
export interface BridgeIssue {
  path: string;
  message: string;
}

export type BridgeResult =
  { ok: true; value: unknown } | { ok: false; error: { message: string; issues: BridgeIssue[] } };

export interface WorkbenchBridge {
  invoke(method: string, payload: unknown): Promise<BridgeResult>;
  /** `customSignals`: the configuration's definitions (checked by the engine's schema), one column more each. */
  getSnapshotFrame(
    cadence: 'monthly' | 'weekly',
    graceDays?: number,
    customSignals?: readonly unknown[],
  ): Promise<ArrayBuffer | Uint8Array>;
  /** The import's issue log as CSV bytes. */
  getImportIssuesCsv(): Promise<ArrayBuffer | Uint8Array>;
  /** Files dropped or picked in the page: the preload resolves their paths, main registers them. */
  addFiles(files: File[]): Promise<BridgeResult>;
  /** The native open dialog (files or a folder); resolves with the registered files. */
  chooseFiles(folder: boolean): Promise<BridgeResult>;
}

export const IPC_CHANNELS = {
  invoke: 'engine:invoke',
  frame: 'engine:frame',
  issuesCsv: 'engine:issues-csv',
  addFiles: 'files:add',
  chooseFiles: 'files:choose',
} as const;
