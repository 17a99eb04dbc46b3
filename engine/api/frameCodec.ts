/**
 * Binary transport for a SnapshotFrame: [u32 header length][JSON header][pad to 8]
 * then each column's bytes, 8-byte aligned. One copy, no per-row JSON, and the
 * decoded arrays are views on the received buffer.
 */
import type { SignalId } from '../signals/catalog.js';
import type { FrameMeta, SnapshotFrame } from '../snapshots/frame.js';

type ColumnType = 'i32' | 'u16' | 'u8' | 'f32';
const CTORS = { i32: Int32Array, u16: Uint16Array, u8: Uint8Array, f32: Float32Array } as const;
const MAGIC = 'HSWF1';

interface Header {
  magic: string;
  n: number;
  meta: FrameMeta;
  columns: { name: string; type: ColumnType; offset: number }[];
}

function columnsOf(frame: SnapshotFrame): [string, ColumnType, ArrayBufferView][] {
  const cols: [string, ColumnType, ArrayBufferView][] = [
    ['account', 'i32', frame.account],
    ['period', 'u16', frame.period],
    ['segment', 'u8', frame.segment],
    ['plan', 'u8', frame.plan],
    ['region', 'u8', frame.region],
    ['onboarding', 'u8', frame.onboarding],
    ['ageDays', 'u16', frame.ageDays],
    ['arr', 'f32', frame.arr],
    ['daysToChurn', 'f32', frame.daysToChurn],
    ['daysToLapse', 'f32', frame.daysToLapse],
    ['observedDays', 'f32', frame.observedDays],
    ['overrideIdx', 'i32', frame.overrideIdx],
  ];
  for (const s of frame.meta.signals) cols.push([`signal:${s}`, 'f32', frame.values[s]]);
  return cols;
}

const align8 = (x: number) => (x + 7) & ~7;

export function encodeFrame(frame: SnapshotFrame): Uint8Array {
  const cols = columnsOf(frame);
  // Offsets depend on the header length, which depends on the offsets: lay the
  // data out relative to the data start, then fix the start.
  let rel = 0;
  const layout = cols.map(([name, type, arr]) => {
    const offset = rel;
    rel = align8(rel + arr.byteLength);
    return { name, type, offset };
  });
  const header: Header = { magic: MAGIC, n: frame.n, meta: frame.meta, columns: layout };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(4 + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + rel);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  cols.forEach(([, , arr], i) => {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), dataStart + layout[i]!.offset);
  });
  return out;
}

export function decodeFrame(buffer: ArrayBuffer): SnapshotFrame {
  if (buffer.byteLength < 4) throw new Error('snapshot frame: buffer too short');
  const headerLen = new DataView(buffer).getUint32(0, true);
  if (4 + headerLen > buffer.byteLength) throw new Error('snapshot frame: header length exceeds buffer');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLen))) as Header;
  if (header.magic !== MAGIC) throw new Error(`snapshot frame: unknown format ${String(header.magic)}`);
  const dataStart = align8(4 + headerLen);
  const n = header.n;
  const get = (name: string) => {
    const col = header.columns.find((c) => c.name === name);
    if (!col) throw new Error(`snapshot frame: missing column ${name}`);
    const Ctor = CTORS[col.type];
    const start = dataStart + col.offset;
    if (start + n * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) throw new Error(`snapshot frame: column ${name} overruns buffer`);
    return new Ctor(buffer, start, n);
  };
  const values = {} as Record<SignalId, Float32Array>;
  for (const s of header.meta.signals) values[s] = get(`signal:${s}`) as Float32Array;
  return {
    meta: header.meta,
    n,
    account: get('account') as Int32Array,
    period: get('period') as Uint16Array,
    segment: get('segment') as Uint8Array,
    plan: get('plan') as Uint8Array,
    region: get('region') as Uint8Array,
    onboarding: get('onboarding') as Uint8Array,
    ageDays: get('ageDays') as Uint16Array,
    arr: get('arr') as Float32Array,
    daysToChurn: get('daysToChurn') as Float32Array,
    daysToLapse: get('daysToLapse') as Float32Array,
    observedDays: get('observedDays') as Float32Array,
    values,
    overrideIdx: get('overrideIdx') as Int32Array,
  };
}
