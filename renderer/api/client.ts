/**
 * The renderer's only way to the engine: one typed client over whichever
 * transport the host provides (Electron preload IPC, or HTTP to the local web
 * host). Responses are validated against the shared schema, so a host that
 * drifts fails loudly here instead of rendering nonsense.
 */
import type { BridgeIssue, WorkbenchBridge } from '../../engine/core/api/bridge.js';
import { z } from 'zod';
import {
  BYTES_API,
  ENGINE_API,
  ENGINE_METHODS,
  type CustomSignal,
  type EngineClient,
  type EngineMethod,
} from '../../engine/core/api/schema.js';
import { FileInfoSchema, type FileInfo } from '../../engine/core/api/importSchema.js';
import { readBody } from './readBody.js';

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

export class EngineCallError extends Error {
  constructor(
    message: string,
    readonly issues: BridgeIssue[] = [],
  ) {
    super(message);
    this.name = 'EngineCallError';
  }
}

type Transport = {
  call(method: EngineMethod, payload: unknown): Promise<unknown>;
  frame(
    cadence: 'monthly' | 'weekly',
    onProgress?: (received: number, total: number) => void,
    graceDays?: number,
    customSignals?: readonly CustomSignal[],
  ): Promise<ArrayBuffer>;
  issuesCsv(): Promise<ArrayBuffer>;
  addFiles(files: File[], onFile?: (done: number, total: number) => void): Promise<unknown>;
  /** Only where there is a native dialog (Electron); the web page uses <input type=file>. */
  chooseFiles: ((folder: boolean) => Promise<unknown>) | null;
};

/** The engine API plus the host's way of handing it files the user chose. */
export type WorkbenchClient = EngineClient & {
  addFiles(files: File[], onFile?: (done: number, total: number) => void): Promise<FileInfo[]>;
  chooseFiles: ((folder: boolean) => Promise<FileInfo[]>) | null;
};

const FileInfoList = z.array(FileInfoSchema);

/** IPC hands over a Uint8Array that usually spans its whole buffer: take it rather than copy 100+ MB. */
function wholeBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  const whole =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes.buffer : (bytes.slice().buffer as ArrayBuffer);
}

function ipcTransport(bridge: WorkbenchBridge): Transport {
  return {
    async call(method, payload) {
      const r = await bridge.invoke(method, payload);
      if (!r.ok) throw new EngineCallError(r.error.message, r.error.issues);
      return r.value;
    },
    async frame(cadence, _onProgress, graceDays, customSignals) {
      return wholeBuffer(await bridge.getSnapshotFrame(cadence, graceDays, customSignals));
    },
    async issuesCsv() {
      return wholeBuffer(await bridge.getImportIssuesCsv());
    },
    async addFiles(files) {
      const r = await bridge.addFiles(files);
      if (!r.ok) throw new EngineCallError(r.error.message, r.error.issues);
      return r.value;
    },
    async chooseFiles(folder) {
      const r = await bridge.chooseFiles(folder);
      if (!r.ok) throw new EngineCallError(r.error.message, r.error.issues);
      return r.value;
    },
  };
}

/**
 * The web host answers only callers holding its per-launch key (the `token` in the
 * address it prints), so another program on this computer cannot read the data.
 */
function httpTransport(base: string, token: string): Transport {
  const auth = { Authorization: `Bearer ${token}` };
  const frameRoute = BYTES_API.getSnapshotFrame.bytes.http.path;
  const issuesRoute = BYTES_API.getImportIssuesCsv.bytes.http.path;
  return {
    async call(method, payload) {
      const res = await fetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: JSON.stringify(payload),
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const err = (body as { error?: { message?: string; issues?: BridgeIssue[] } } | null)?.error;
        throw new EngineCallError(err?.message ?? `${method} failed with HTTP ${res.status}`, err?.issues ?? []);
      }
      return body;
    },
    async frame(cadence, onProgress, graceDays, customSignals) {
      // Definitions go in a POST body (an address could not hold 50 of them); the plain frame stays a GET.
      const custom = customSignals !== undefined && customSignals.length > 0;
      const grace = graceDays === undefined ? '' : `&graceDays=${graceDays}`;
      const res = custom
        ? await fetch(`${base}api/${frameRoute}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...auth },
            body: JSON.stringify({ cadence, graceDays, customSignals }),
          })
        : await fetch(`${base}api/${frameRoute}?cadence=${cadence}${grace}`, { headers: auth });
      if (!res.ok) {
        // A refused definition comes back as the engine's message, naming the field.
        const body = (await res.json().catch(() => null)) as {
          error?: { message?: string; issues?: BridgeIssue[] };
        } | null;
        throw new EngineCallError(
          body?.error?.message ?? `snapshot download failed with HTTP ${res.status}`,
          body?.error?.issues ?? [],
        );
      }
      return readBody(res, onProgress);
    },
    async issuesCsv() {
      const res = await fetch(`${base}api/${issuesRoute}`, { headers: auth });
      if (!res.ok) throw new EngineCallError(`issue log download failed with HTTP ${res.status}`);
      return res.arrayBuffer();
    },
    async addFiles(files, onFile) {
      // One streamed upload per file: the browser sends the bytes, the host writes them to disk.
      const out: unknown[] = [];
      for (const [i, f] of files.entries()) {
        onFile?.(i, files.length);
        const res = await fetch(`${base}api/upload?name=${encodeURIComponent(f.webkitRelativePath || f.name)}`, {
          method: 'POST',
          body: f,
          headers: auth,
        });
        const body: unknown = await res.json().catch(() => null);
        if (!res.ok)
          throw new EngineCallError(
            (body as { error?: { message?: string } } | null)?.error?.message ??
              `upload of ${f.name} failed with HTTP ${res.status}`,
          );
        out.push(body);
      }
      onFile?.(files.length, files.length);
      return out;
    },
    chooseFiles: null,
  };
}

export function createEngineClient(transport: Transport): WorkbenchClient {
  const client = {} as Record<string, unknown>;
  for (const method of ENGINE_METHODS) {
    client[method] = async (request: unknown) => {
      const value = await transport.call(method, request);
      const parsed = ENGINE_API[method].response.safeParse(value);
      if (!parsed.success)
        throw new EngineCallError(
          `engine answered ${method} with an unexpected shape`,
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      return parsed.data;
    };
  }
  client.getSnapshotFrame = (
    cadence: 'monthly' | 'weekly',
    onProgress?: (received: number, total: number) => void,
    graceDays?: number,
    customSignals?: readonly CustomSignal[],
  ) => transport.frame(cadence, onProgress, graceDays, customSignals);
  client.getImportIssuesCsv = () => transport.issuesCsv();
  const files = (value: unknown): FileInfo[] => {
    const parsed = FileInfoList.safeParse(value);
    if (!parsed.success) throw new EngineCallError('engine answered addFiles with an unexpected shape');
    return parsed.data;
  };
  client.addFiles = async (list: File[], onFile?: (done: number, total: number) => void) =>
    files(await transport.addFiles(list, onFile));
  const choose = transport.chooseFiles;
  client.chooseFiles = choose ? async (folder: boolean) => files(await choose(folder)) : null;
  return client as WorkbenchClient;
}

/** The client for this window: IPC inside Electron, HTTP from the page's own origin otherwise. */
export function defaultEngineClient(): WorkbenchClient {
  if (typeof window !== 'undefined' && window.workbench) return createEngineClient(ipcTransport(window.workbench));
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return createEngineClient(httpTransport(new URL('./', window.location.href).href, token));
}

export const transports = { ipcTransport, httpTransport };
