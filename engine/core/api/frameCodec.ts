/**
 * Binary transport for a SnapshotFrame: [u32 header length][JSON header][pad to 8]
 * then each column's bytes, 8-byte aligned. One copy, no per-row JSON, and the
 * decoded arrays are views on the received buffer. A frame allocated here
 * (allocateFrame) is built in its encoded form, so sending it copies nothing.
 */
import type { FrameMeta, SignalValues, SnapshotFrame } from '../snapshots/frame.js';

type ColumnType = 'i32' | 'u16' | 'u8' | 'f32';
const CTORS = { i32: Int32Array, u16: Uint16Array, u8: Uint8Array, f32: Float32Array } as const;
const MAGIC = 'HSWF1';

interface Header {
  magic: string;
  n: number;
  meta: FrameMeta;
  columns: { name: string; type: ColumnType; offset: number }[];
}

/** Every column but the signals, in wire order. */
const FIXED_COLUMNS: readonly (readonly [FixedColumn, ColumnType])[] = [
  ['account', 'i32'],
  ['period', 'u16'],
  ['segment', 'u8'],
  ['plan', 'u8'],
  ['region', 'u8'],
  ['onboarding', 'u8'],
  ['ageDays', 'u16'],
  ['arr', 'f32'],
  ['daysToChurn', 'f32'],
  ['daysToLapse', 'f32'],
  ['observedDays', 'f32'],
  ['overrideIdx', 'i32'],
];
type OptionalColumn = 'currentScore' | 'currentStatus';
type FixedColumn = Exclude<keyof SnapshotFrame, 'meta' | 'n' | 'values' | OptionalColumn>;

/** Columns a frame carries only when its meta says so: the imported score (meta.currentScore). */
const OPTIONAL_COLUMNS: readonly (readonly [OptionalColumn, ColumnType])[] = [
  ['currentScore', 'f32'],
  ['currentStatus', 'u8'],
];
const optionalColumnsOf = (meta: FrameMeta) => (meta.currentScore ? OPTIONAL_COLUMNS : []);

function columnsOf(frame: SnapshotFrame): [string, ColumnType, ArrayBufferView][] {
  const optional = optionalColumnsOf(frame.meta).map(([name, type]) => {
    const col = frame[name];
    if (!col) throw new Error(`snapshot frame: meta.currentScore is set but the ${name} column is missing`);
    return [name, type, col] as [string, ColumnType, ArrayBufferView];
  });
  return [
    ...FIXED_COLUMNS.map(([name, type]) => [name, type, frame[name]] as [string, ColumnType, ArrayBufferView]),
    ...frame.meta.signals.map((s) => [`signal:${s}`, 'f32', frame.values[s]] as [string, ColumnType, ArrayBufferView]),
    ...optional,
  ];
}

const align8 = (x: number) => (x + 7) & ~7;

function layoutOf(cols: readonly [string, ColumnType, number][]): { columns: Header['columns']; bytes: number } {
  // Offsets are relative to the data start, which depends on the header length.
  let rel = 0;
  const columns = cols.map(([name, type, byteLength]) => {
    const offset = rel;
    rel = align8(rel + byteLength);
    return { name, type, offset };
  });
  return { columns, bytes: rel };
}

function writeHeader(header: Header, dataBytes: number): { out: Uint8Array<ArrayBuffer>; dataStart: number } {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(4 + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + dataBytes);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  return { out, dataStart };
}

/** Frames whose columns are views on their own encoding: encodeFrame hands the bytes out as they are. */
const ENCODED = new WeakMap<SnapshotFrame, Uint8Array>();

/**
 * A zero-filled frame for `n` snapshots whose columns are views on its
 * encoded bytes: whoever fills the columns has also filled the message, and
 * the engine never holds the frame twice. `meta` must be final.
 */
export function allocateFrame(meta: FrameMeta, n: number): SnapshotFrame {
  const spec: [string, ColumnType, number][] = [
    ...FIXED_COLUMNS,
    ...meta.signals.map((s) => [`signal:${s}`, 'f32'] as const),
    ...optionalColumnsOf(meta),
  ].map(([name, type]) => [name, type, n * CTORS[type].BYTES_PER_ELEMENT]);
  const { columns, bytes } = layoutOf(spec);
  const header: Header = { magic: MAGIC, n, meta, columns };
  const { out, dataStart } = writeHeader(header, bytes);
  const frame = frameOnBuffer(out.buffer, dataStart, header);
  ENCODED.set(frame, out);
  return frame;
}

export function encodeFrame(frame: SnapshotFrame): Uint8Array {
  const packed = ENCODED.get(frame);
  if (packed) return packed;
  const cols = columnsOf(frame);
  const { columns, bytes } = layoutOf(cols.map(([name, type, arr]) => [name, type, arr.byteLength]));
  const { out, dataStart } = writeHeader({ magic: MAGIC, n: frame.n, meta: frame.meta, columns }, bytes);
  cols.forEach(([, , arr], i) => {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), dataStart + columns[i]!.offset);
  });
  return out;
}

/** What a frame's header says about it: enough to show its dates without touching the columns. */
export interface FrameHeader {
  n: number;
  meta: FrameMeta;
}

/** The header, parsed and checked; `dataStart` is where the columns begin. */
function parseHeader(buffer: ArrayBuffer): { header: Header; dataStart: number } {
  if (buffer.byteLength < 4) throw new Error('snapshot frame: buffer too short');
  const headerLen = new DataView(buffer).getUint32(0, true);
  if (4 + headerLen > buffer.byteLength) throw new Error('snapshot frame: header length exceeds buffer');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLen))) as Header;
  if (header.magic !== MAGIC) throw new Error(`snapshot frame: unknown format ${String(header.magic)}`);
  return { header, dataStart: align8(4 + headerLen) };
}

/**
 * The snapshot count and meta (periods, signals, labels) from the header
 * alone: the UI thread reads these while the columns go to the worker.
 */
export function readFrameHeader(buffer: ArrayBuffer): FrameHeader {
  const { header } = parseHeader(buffer);
  return { n: header.n, meta: header.meta };
}

export function decodeFrame(buffer: ArrayBuffer): SnapshotFrame {
  const { header, dataStart } = parseHeader(buffer);
  return frameOnBuffer(buffer, dataStart, header);
}

/** The frame whose columns are views on `buffer` where `header` places them. */
function frameOnBuffer(buffer: ArrayBuffer, dataStart: number, header: Header): SnapshotFrame {
  const n = header.n;
  const get = (name: string) => {
    const col = header.columns.find((c) => c.name === name);
    if (!col) throw new Error(`snapshot frame: missing column ${name}`);
    const Ctor = CTORS[col.type];
    const start = dataStart + col.offset;
    if (start + n * Ctor.BYTES_PER_ELEMENT > buffer.byteLength)
      throw new Error(`snapshot frame: column ${name} overruns buffer`);
    return new Ctor(buffer, start, n);
  };
  const values = {} as SignalValues;
  for (const s of header.meta.signals) values[s] = get(`signal:${s}`) as Float32Array;
  const current = header.meta.currentScore
    ? { currentScore: get('currentScore') as Float32Array, currentStatus: get('currentStatus') as Uint8Array }
    : {};
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
    ...current,
  };
}
