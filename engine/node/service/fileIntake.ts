/** Files the user chose reaching the engine: by path (desktop dialog, drop, CLI) or as an HTTP upload (web host). */
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileInfo } from '../../core/api/importSchema.js';
import { localDay } from '../../core/import/exportDate.js';
import { distinctFileNames } from '../../core/import/fileNames.js';
import { EngineRequestError } from './errors.js';
import type { EngineState, RegisteredFile } from './state.js';

/** Unsafe characters out of an uploaded file's name; the name itself (spaces, accents) is kept. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 200);
}

/**
 * A chosen file's name: its base name, or, when a file registered before has that base name
 * (stripe/customers.csv and hubspot/customers.csv), as much of its path as tells them apart.
 */
function chosenName(s: EngineState, path: string): string {
  const others = [...s.files.values()].map((f) => f.path).filter((p) => p !== path);
  return distinctFileNames([...others, path]).at(-1)!;
}

/**
 * `uploaded`: the file on disk is this engine's copy of an upload, whose modification time is the
 * upload's, not the export's (the browser knows that one, and the mapping screen takes it from there).
 */
export async function registerPath(
  s: EngineState,
  path: string,
  name = chosenName(s, path),
  uploaded = false,
): Promise<FileInfo> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new EngineRequestError(`${name} is not a readable file`);
  const f: RegisteredFile = {
    id: `f${s.nextFileId++}`,
    path,
    name,
    size: st.size,
    ...(uploaded ? {} : { modified: localDay(st.mtimeMs) }),
  };
  s.files.set(f.id, f);
  try {
    return await s.fileInfo(f);
  } catch (err) {
    s.files.delete(f.id);
    throw new EngineRequestError(
      `${name} could not be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
}

/**
 * The largest file one upload may bring (default 20 GB, HSW_MAX_UPLOAD_BYTES to change):
 * exports run to gigabytes, but an unbounded upload can fill the disk.
 */
export const MAX_UPLOAD_BYTES = Number(process.env.HSW_MAX_UPLOAD_BYTES ?? 20e9);

export class UploadTooLargeError extends EngineRequestError {
  constructor(
    readonly file: string,
    readonly limit: number,
  ) {
    super(
      `${file} is larger than the upload limit of ${(limit / 1e9).toFixed(limit < 1e9 ? 3 : 0)} GB: ` +
        'open it from a folder on this computer instead (Load exports… → Choose a folder), or raise HSW_MAX_UPLOAD_BYTES',
    );
    this.name = 'UploadTooLargeError';
  }
}

/** This engine's uploads: one folder per engine, removed when it closes (the data lives on in DuckDB). */
export function uploadsDir(s: EngineState): string {
  return join(s.stateDir, 'uploads', s.lockToken);
}

/** Upload folders left by engines that did not close (a crash, kill -9) older than a day. */
export function removeStaleUploads(stateDir: string, now = Date.now(), maxAgeMs = 24 * 3600e3): void {
  const root = join(stateDir, 'uploads');
  if (!existsSync(root)) return;
  for (const name of readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)) {
    const dir = join(root, name);
    if (now - statSync(dir).mtimeMs > maxAgeMs) rmSync(dir, { recursive: true, force: true });
  }
}

async function* limited(body: AsyncIterable<Uint8Array>, name: string, limit: number): AsyncIterable<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new UploadTooLargeError(name, limit);
    yield chunk;
  }
}

/** Streamed to disk, never buffered (exports run to gigabytes), then registered like a chosen file. */
export async function registerUpload(
  s: EngineState,
  name: string,
  body: AsyncIterable<Uint8Array>,
  limit = MAX_UPLOAD_BYTES,
): Promise<FileInfo> {
  const dir = join(uploadsDir(s), `u${Date.now()}-${s.nextFileId}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, safeFileName(name));
  try {
    await pipeline(limited(body, safeFileName(name), limit), createWriteStream(path));
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return registerPath(s, path, safeFileName(name), true);
}
