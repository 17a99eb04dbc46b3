import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, readFrameHeader } from '../../engine/core/api/frameCodec.js';
import { frameOf } from '../engine/frames.js';

describe('the snapshot frame header, read on the UI thread', () => {
  const frame = frameOf([{ logins_trend: 1 }, { logins_trend: 2 }], {}, ['SMB'], ['2025-01-31', '2025-02-28']);

  it('gives the snapshot count and meta the decoded frame has', () => {
    const bytes = encodeFrame(frame).slice().buffer;
    const header = readFrameHeader(bytes);
    expect(header).toEqual({ n: 2, meta: decodeFrame(bytes).meta });
    expect(header.meta.periods).toEqual(['2025-01-31', '2025-02-28']);
  });

  it('reads the header without the columns: a buffer cut after it still gives the dates', () => {
    const bytes = encodeFrame(frame);
    const headerOnly = bytes.slice(0, 4 + new DataView(bytes.buffer).getUint32(0, true)).buffer;
    expect(() => decodeFrame(headerOnly)).toThrow(/overruns/);
    expect(readFrameHeader(headerOnly).meta.periods).toEqual(['2025-01-31', '2025-02-28']);
  });

  it('rejects what is not a frame, as decoding does', () => {
    expect(() => readFrameHeader(new Uint8Array(2).buffer)).toThrow(/too short/);
    const foreign = new Uint8Array(16);
    new DataView(foreign.buffer).setUint32(0, 2, true);
    foreign.set(new TextEncoder().encode('{}'), 4);
    expect(() => readFrameHeader(foreign.buffer)).toThrow(/unknown format/);
  });
});
