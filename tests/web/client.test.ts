import { describe, expect, it } from 'vitest';
import type { BridgeResult, WorkbenchBridge } from '../../engine/core/api/bridge.js';
import { createEngineClient, EngineCallError, transports } from '../../renderer/api/client.js';

const status = { state: 'ready', step: 'Ready', done: 1, total: 1 };

function bridgeAnswering(answer: BridgeResult): WorkbenchBridge {
  return {
    invoke: async () => answer,
    getSnapshotFrame: async () => Uint8Array.of(1, 2, 3),
    getImportIssuesCsv: async () => new TextEncoder().encode('file,line,column,value,reason,action\n'),
    addFiles: async () => answer,
    chooseFiles: async () => answer,
  };
}

describe('renderer engine client over IPC', () => {
  it('returns validated answers', async () => {
    const client = createEngineClient(transports.ipcTransport(bridgeAnswering({ ok: true, value: status })));
    expect(await client.getStatus({})).toEqual(status);
    expect(new Uint8Array(await client.getSnapshotFrame('monthly'))).toEqual(Uint8Array.of(1, 2, 3));
    expect(new TextDecoder().decode(await client.getImportIssuesCsv())).toBe('file,line,column,value,reason,action\n');
  });
  it('takes the snapshot bytes IPC delivers without copying them, unless they are a window on a larger buffer', async () => {
    const whole = Uint8Array.of(4, 5, 6);
    const taken = await createEngineClient(
      transports.ipcTransport({ ...bridgeAnswering({ ok: true, value: status }), getSnapshotFrame: async () => whole }),
    ).getSnapshotFrame('monthly');
    expect(taken).toBe(whole.buffer);
    const window = new Uint8Array(Uint8Array.of(0, 4, 5, 6, 0).buffer, 1, 3);
    const copied = await createEngineClient(
      transports.ipcTransport({
        ...bridgeAnswering({ ok: true, value: status }),
        getSnapshotFrame: async () => window,
      }),
    ).getSnapshotFrame('monthly');
    expect(Array.from(new Uint8Array(copied))).toEqual([4, 5, 6]);
  });
  it('turns a refused call into an error carrying the issues', async () => {
    const client = createEngineClient(
      transports.ipcTransport(
        bridgeAnswering({ ok: false, error: { message: 'invalid', issues: [{ path: 'asOf', message: 'bad' }] } }),
      ),
    );
    const err = (await client.getStatus({}).catch((e: unknown) => e)) as EngineCallError;
    expect(err).toBeInstanceOf(EngineCallError);
    expect(err.issues).toEqual([{ path: 'asOf', message: 'bad' }]);
  });
  it('rejects an answer whose shape does not match the schema', async () => {
    const client = createEngineClient(
      transports.ipcTransport(bridgeAnswering({ ok: true, value: { state: 'sleeping' } })),
    );
    await expect(client.getStatus({})).rejects.toThrow(/unexpected shape/);
  });
});
