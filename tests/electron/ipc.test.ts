import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { IPC_CHANNELS, type BridgeResult } from '../../engine/core/api/bridge.js';
import {
  BYTES_API,
  BYTES_METHODS,
  ENGINE_METHODS,
  METHOD_NAMES,
  type MethodName,
  type ResponseOf,
} from '../../engine/core/api/schema.js';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { dispatch, type Handlers } from '../../engine/node/service/dispatch.js';
import { registerEngineIpc, type IpcEngine, type IpcMainLike } from '../../electron/ipc.js';
import { isTrustedUrl } from '../../electron/security.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const call = (channel: string, url: string | undefined, ...args: unknown[]) =>
    handlers.get(channel)!(
      { senderFrame: url === undefined ? null : { url } } as unknown as IpcMainInvokeEvent,
      ...args,
    ) as Promise<unknown>;
  return { ipc, handlers, call };
}

const APP = 'app://workbench/index.html';

/** Handlers that answer what they were given (bytes for bytes methods), behind the real dispatcher: requests are really parsed. */
function echoHandlers(): Handlers {
  const bytes = new Set<MethodName>(BYTES_METHODS);
  return Object.fromEntries(
    METHOD_NAMES.map((m) => [m, async (req: unknown) => (bytes.has(m) ? Uint8Array.of(7, 8) : { echoed: req })]),
  ) as unknown as Handlers;
}

describe('engine IPC wiring', () => {
  const handlers = echoHandlers();
  let call: Mock<(method: MethodName, payload: unknown) => Promise<unknown>>;
  let registerPath: Mock<(path: string) => Promise<FileInfo>>;
  let ipc: ReturnType<typeof fakeIpc>;
  const chosen: string[] = [];
  beforeEach(() => {
    call = vi.fn((method: MethodName, payload: unknown): Promise<unknown> => dispatch(handlers, method, payload));
    registerPath = vi.fn(async (p: string) => ({ id: 'f1', name: p }) as unknown as FileInfo);
    const engine: IpcEngine = {
      call: <M extends MethodName>(m: M, p: unknown) => call(m, p) as Promise<ResponseOf<M>>,
      registerPath,
    };
    ipc = fakeIpc();
    chosen.length = 0;
    const listFolder = (dir: string) =>
      dir === '/exports' ? ['/exports/accounts.csv', '/exports/notes.docx', '/exports/usage.parquet'] : [];
    registerEngineIpc(
      ipc.ipc,
      engine,
      isTrustedUrl,
      async (folder) => (folder ? ['/exports'] : [...chosen]),
      listFolder,
    );
  });

  it('registers exactly the engine and file channels', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(
      [
        IPC_CHANNELS.invoke,
        IPC_CHANNELS.frame,
        IPC_CHANNELS.issuesCsv,
        IPC_CHANNELS.addFiles,
        IPC_CHANNELS.chooseFiles,
      ].sort(),
    );
  });
  it('registers dropped files by path, and the export files inside a chosen folder', async () => {
    expect(await ipc.call(IPC_CHANNELS.addFiles, APP, ['/home/me/My Exports/accounts é.csv'])).toEqual({
      ok: true,
      value: [{ id: 'f1', name: '/home/me/My Exports/accounts é.csv' }],
    });
    const r = (await ipc.call(IPC_CHANNELS.chooseFiles, APP, true)) as BridgeResult;
    expect(r.ok).toBe(true);
    expect(registerPath.mock.calls.map((c) => c[0])).toEqual([
      '/home/me/My Exports/accounts é.csv',
      '/exports/accounts.csv',
      '/exports/usage.parquet',
    ]);
    // A cancelled dialog registers nothing.
    expect(await ipc.call(IPC_CHANNELS.chooseFiles, APP, false)).toEqual({ ok: true, value: [] });
  });
  it('refuses file lists that are not plain paths, and file calls from other pages', async () => {
    for (const bad of [[], 'x.csv', [42], ['a\0b'], Array(101).fill('/a.csv')]) {
      expect(
        ((await ipc.call(IPC_CHANNELS.addFiles, APP, bad)) as BridgeResult).ok,
        JSON.stringify(bad).slice(0, 40),
      ).toBe(false);
    }
    await expect(ipc.call(IPC_CHANNELS.addFiles, 'https://evil.example/', ['/etc/passwd'])).rejects.toThrow(/refused/);
    await expect(ipc.call(IPC_CHANNELS.chooseFiles, 'https://evil.example/', false)).rejects.toThrow(/refused/);
    expect(registerPath).not.toHaveBeenCalled();
  });
  it('forwards a valid call from the app to the engine', async () => {
    const r = await ipc.call(IPC_CHANNELS.invoke, APP, 'getStatus', {});
    expect(r).toEqual({ ok: true, value: { echoed: {} } });
    expect(call).toHaveBeenCalledWith('getStatus', {});
  });
  it('returns the snapshot bytes to the app, for a known cadence only', async () => {
    expect(await ipc.call(IPC_CHANNELS.frame, APP, 'weekly')).toEqual(Uint8Array.of(7, 8));
    expect(call).toHaveBeenCalledWith('getSnapshotFrame', { cadence: 'weekly' });
    // The grace period rides along as the second argument, validated like any other request.
    await ipc.call(IPC_CHANNELS.frame, APP, 'monthly', 60);
    expect(call).toHaveBeenLastCalledWith('getSnapshotFrame', { cadence: 'monthly', graceDays: 60 });
    await expect(ipc.call(IPC_CHANNELS.frame, APP, 'monthly', 400)).rejects.toThrow(/graceDays must be a whole number/);
    await expect(ipc.call(IPC_CHANNELS.frame, APP, 'hourly')).rejects.toThrow(/unknown cadence "hourly"/);
    await expect(ipc.call(IPC_CHANNELS.frame, APP)).rejects.toThrow(/unknown cadence/);
  });
  it('carries custom signal definitions as the third argument, checked by the same schema as a configuration', async () => {
    const p1 = {
      id: 'custom.p1_tickets_90d',
      label: 'P1 tickets in 90 days',
      category: 'support',
      table: 'tickets',
      aggregation: 'count',
      where: { column: 'priority', equals: ['P1'] },
      window: 90,
      comparison: 'value',
      direction: 'higher_is_riskier',
    };
    await ipc.call(IPC_CHANNELS.frame, APP, 'monthly', undefined, [p1]);
    // No grace period given: the field is absent, not undefined.
    expect(call.mock.lastCall).toEqual(['getSnapshotFrame', { cadence: 'monthly', customSignals: [p1] }]);
    await expect(
      ipc.call(IPC_CHANNELS.frame, APP, 'monthly', undefined, [{ ...p1, aggregation: 'sum', column: 'priority' }]),
    ).rejects.toThrow(/sum reads number columns; tickets.priority is category/);
    await expect(ipc.call(IPC_CHANNELS.frame, APP, 'monthly', undefined, [p1, p1])).rejects.toThrow(
      /duplicate custom signal "custom.p1_tickets_90d"/,
    );
  });
  it('carries exactly the method table: JSON methods on engine:invoke, each bytes method on its own channel', async () => {
    expect(BYTES_METHODS.map((m) => BYTES_API[m].bytes.ipc.channel)).toEqual(['engine:frame', 'engine:issues-csv']);
    for (const method of ENGINE_METHODS) {
      // Requests the table's schemas refuse still reach the engine: the bridge only checks names and shapes.
      await ipc.call(IPC_CHANNELS.invoke, APP, method, {});
      expect(call.mock.calls.at(-1)?.[0], method).toBe(method);
    }
    for (const method of BYTES_METHODS) {
      await ipc.call(BYTES_API[method].bytes.ipc.channel, APP, 'monthly');
      expect(call.mock.calls.at(-1)?.[0], method).toBe(method);
    }
    expect(call).toHaveBeenCalledTimes(METHOD_NAMES.length);
    // A bytes method is not a JSON method: it never travels on engine:invoke.
    expect(
      ((await ipc.call(IPC_CHANNELS.invoke, APP, 'getSnapshotFrame', { cadence: 'monthly' })) as BridgeResult).ok,
    ).toBe(false);
    expect(call).toHaveBeenCalledTimes(METHOD_NAMES.length);
  });
  it('refuses calls from any other page or an unknown frame', async () => {
    await expect(ipc.call(IPC_CHANNELS.invoke, 'https://evil.example/', 'getStatus', {})).rejects.toThrow(
      /refused engine call/,
    );
    await expect(ipc.call(IPC_CHANNELS.frame, 'file:///tmp/x.html')).rejects.toThrow(/refused/);
    await expect(ipc.call(IPC_CHANNELS.invoke, undefined, 'getStatus', {})).rejects.toThrow(/unknown frame/);
    expect(call).not.toHaveBeenCalled();
  });
  it('rejects unknown methods and non-object payloads without reaching the engine', async () => {
    for (const [method, payload] of [
      ['dropDatabase', {}],
      [42, {}],
      ['__proto__', {}],
      ['evaluate', 'config'],
      ['evaluate', [1, 2]],
      ['evaluate', null],
    ] as const) {
      const r = (await ipc.call(IPC_CHANNELS.invoke, APP, method, payload)) as BridgeResult;
      expect(r.ok, `${String(method)} ${JSON.stringify(payload)}`).toBe(false);
    }
    expect(call).not.toHaveBeenCalled();
  });
  it('turns engine errors into values that keep their validation issues', async () => {
    call.mockRejectedValueOnce(
      Object.assign(new Error('invalid evaluate request'), {
        issues: [{ path: 'config.categories', message: 'weights sum to 97, expected 100' }],
      }),
    );
    const r = await ipc.call(IPC_CHANNELS.invoke, APP, 'evaluate', { config: {} });
    expect(r).toEqual({
      ok: false,
      error: {
        message: 'invalid evaluate request',
        issues: [{ path: 'config.categories', message: 'weights sum to 97, expected 100' }],
      },
    });
    // The engine's own refusal, as the dispatcher words it, arrives the same way.
    const refused = (await ipc.call(IPC_CHANNELS.invoke, APP, 'getImportReport', { limit: 0 })) as BridgeResult;
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/^invalid getImportReport request: limit: /),
        issues: [{ path: 'limit' }],
      },
    });
  });
});
