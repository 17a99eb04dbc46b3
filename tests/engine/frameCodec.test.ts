import { describe, expect, it } from 'vitest';
import { allocateFrame, decodeFrame, encodeFrame } from '../../engine/core/api/frameCodec.js';
import { frameOf } from './frames.js';

describe('snapshot frame transport', () => {
  it('round-trips every column bit for bit, NaN included', () => {
    const frame = frameOf([{ logins_trend: 0.5, csat_last5: 4.2 }, { logins_trend: Number.NaN }, {}], {
      daysToChurn: Float32Array.of(12, Number.NaN, 400),
      segment: Uint8Array.of(0, 1, 1),
    });
    const bytes = encodeFrame(frame);
    const copy = bytes.slice().buffer; // as received: a fresh ArrayBuffer
    const back = decodeFrame(copy);
    expect(back.n).toBe(3);
    expect(back.meta).toEqual(frame.meta);
    expect(Array.from(back.segment)).toEqual([0, 1, 1]);
    expect(Array.from(back.daysToChurn)).toEqual([12, Number.NaN, 400]);
    for (const s of frame.meta.signals) expect(Array.from(back.values[s]!)).toEqual(Array.from(frame.values[s]!));
  });
  it('rejects truncated or foreign buffers', () => {
    const bytes = encodeFrame(frameOf([{ logins_trend: 1 }]));
    expect(() => decodeFrame(bytes.slice(0, bytes.length - 8).buffer)).toThrow(/overruns/);
    expect(() => decodeFrame(new Uint8Array(2).buffer)).toThrow(/too short/);
    const foreign = new Uint8Array(16);
    new DataView(foreign.buffer).setUint32(0, 2, true);
    foreign.set(new TextEncoder().encode('{}'), 4);
    expect(() => decodeFrame(foreign.buffer)).toThrow(/unknown format/);
  });
  it('builds a frame in its wire form: filling the columns fills the message, and encoding copies nothing', () => {
    const source = frameOf([{ logins_trend: 0.5, csat_last5: 4.2 }, { logins_trend: Number.NaN }, {}], {
      daysToChurn: Float32Array.of(12, Number.NaN, 400),
      segment: Uint8Array.of(0, 1, 1),
    });
    const frame = allocateFrame(source.meta, source.n);
    expect(frame.meta).toBe(source.meta);
    frame.segment.set(source.segment);
    frame.daysToChurn.set(source.daysToChurn);
    for (const s of source.meta.signals) frame.values[s]!.set(source.values[s]!);
    const bytes = encodeFrame(frame);
    expect(encodeFrame(frame)).toBe(bytes);
    expect(frame.values[source.meta.signals[0]!]!.buffer).toBe(bytes.buffer);
    // The same message a copying encoder writes for the same content.
    expect(Buffer.from(bytes)).toEqual(
      Buffer.from(
        encodeFrame({
          ...source,
          account: frame.account,
          period: frame.period,
          plan: frame.plan,
          region: frame.region,
          onboarding: frame.onboarding,
          ageDays: frame.ageDays,
          arr: frame.arr,
          daysToLapse: frame.daysToLapse,
          observedDays: frame.observedDays,
          overrideIdx: frame.overrideIdx,
        }),
      ),
    );
    const back = decodeFrame(bytes.slice().buffer);
    expect(Array.from(back.daysToChurn)).toEqual([12, Number.NaN, 400]);
    expect(Array.from(back.values.csat_last5)).toEqual(Array.from(source.values.csat_last5));
  });
  it('carries the imported score and status only when the frame has a score history', () => {
    const plain = frameOf([{ logins_trend: 1 }, {}]);
    expect(decodeFrame(encodeFrame(plain).slice().buffer).currentScore).toBeUndefined();
    const meta = {
      ...plain.meta,
      currentScore: { staleDays: 45, scale: 10 as const, statuses: ['Good', 'Poor'], rows: 2 },
    };
    const withScore = {
      ...plain,
      meta,
      currentScore: Float32Array.of(72.5, Number.NaN),
      currentStatus: Uint8Array.of(1, 0),
    };
    const back = decodeFrame(encodeFrame(withScore).slice().buffer);
    expect(back.meta.currentScore).toEqual(meta.currentScore);
    expect(Array.from(back.currentScore!)).toEqual([72.5, Number.NaN]);
    expect(Array.from(back.currentStatus!)).toEqual([1, 0]);
    // Allocated in wire form, the optional columns are views on the message too.
    const allocated = allocateFrame(meta, 2);
    allocated.currentScore!.set([40, 50]);
    expect(Array.from(decodeFrame(encodeFrame(allocated).slice().buffer).currentScore!)).toEqual([40, 50]);
    // A meta that promises the score without the column is refused, not sent half-empty.
    expect(() => encodeFrame({ ...plain, meta })).toThrow(/currentScore column is missing/);
  });
});
