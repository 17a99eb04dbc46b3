/**
 * Engine calls over IPC, channels derived from the method table: JSON methods
 * on `engine:invoke`, each bytes method on its own channel. Every message is
 * checked before the engine sees it: the sender must be our own page, the
 * method a known API method, the payload a plain object; the engine then
 * parses the payload with the method's schema.
 * Errors come back as values because Electron strips custom error fields.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type BridgeResult } from '../engine/core/api/bridge.js';
import type { Engine, FileIntake } from '../engine/core/api/engine.js';
import { BYTES_API, BYTES_METHODS, isEngineMethod } from '../engine/core/api/schema.js';
import { EXPORT_FILE_PATTERN } from '../engine/core/api/importSchema.js';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

/** The engine as the desktop app needs it: the method table, and files by path. */
export type IpcEngine = Engine & Pick<FileIntake, 'registerPath'>;

/** Files and folders the user picks in the native dialog (main process only). */
export type ChooseFiles = (folder: boolean) => Promise<string[]>;

/** Expand folders to the export files inside them (one level; hidden files skipped). */
export type ListFolder = (dir: string) => string[];

export class UntrustedSenderError extends Error {
  constructor(url: string | undefined) {
    super(`refused engine call from ${url ?? 'an unknown frame'}`);
    this.name = 'UntrustedSenderError';
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function failure(message: string, issues: { path: string; message: string }[] = []): BridgeResult {
  return { ok: false, error: { message, issues } };
}

export function registerEngineIpc(
  ipc: IpcMainLike,
  engine: IpcEngine,
  isTrusted: (url: string | undefined) => boolean,
  choose: ChooseFiles = async () => [],
  listFolder: ListFolder = () => [],
): void {
  const check = (event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url;
    if (!isTrusted(url)) throw new UntrustedSenderError(url);
  };

  ipc.handle(IPC_CHANNELS.invoke, async (event, method, payload): Promise<BridgeResult> => {
    check(event);
    if (!isEngineMethod(method)) return failure(`unknown engine method ${JSON.stringify(method)}`);
    if (payload !== undefined && !isPlainObject(payload)) return failure(`${method}: the request must be an object`);
    try {
      return { ok: true, value: await engine.call(method, payload ?? {}) };
    } catch (err) {
      const e = err as Error & { issues?: { path: string; message: string }[] };
      return failure(e.message, Array.isArray(e.issues) ? e.issues : []);
    }
  });

  const register = async (paths: string[]): Promise<BridgeResult> => {
    const expanded = paths.flatMap((p) => {
      const inside = listFolder(p);
      return inside.length > 0 ? inside.filter((f) => EXPORT_FILE_PATTERN.test(f)) : [p];
    });
    try {
      const value = [];
      for (const p of expanded) value.push(await engine.registerPath(p));
      return { ok: true, value };
    } catch (err) {
      return failure(err instanceof Error ? err.message : String(err));
    }
  };

  // Paths come from the preload's webUtils.getPathForFile on files the user dropped or picked;
  // a page cannot forge a File with a path, so this only ever names files the user chose.
  ipc.handle(IPC_CHANNELS.addFiles, async (event, paths) => {
    check(event);
    if (
      !Array.isArray(paths) ||
      paths.length === 0 ||
      paths.length > 100 ||
      !paths.every((p) => typeof p === 'string' && p.length > 0 && p.length < 4096 && !p.includes('\0'))
    ) {
      return failure('addFiles: expected 1–100 file paths');
    }
    return register(paths as string[]);
  });

  ipc.handle(IPC_CHANNELS.chooseFiles, async (event, folder) => {
    check(event);
    return register(await choose(folder === true));
  });

  // Bytes methods answer the bytes themselves (no BridgeResult: a structured clone of a
  // Uint8Array is the cheapest way across), so a refused request rejects instead.
  for (const method of BYTES_METHODS) {
    const { channel, args: names } = BYTES_API[method].bytes.ipc;
    ipc.handle(channel, async (event, ...args) => {
      check(event);
      // An absent argument (graceDays before customSignals) is an absent field, not an explicit undefined.
      const given = names.flatMap((name, i) => (args[i] === undefined ? [] : [[name, args[i]] as const]));
      return engine.call(method, Object.fromEntries(given));
    });
  }
}
