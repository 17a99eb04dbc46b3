/** Files the user chose reaching the engine: by path (desktop dialog, drop, CLI) or as an HTTP upload (web host). */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileInfo } from '../../core/api/importSchema.js';
import { EngineRequestError } from './errors.js';
import type { EngineState, RegisteredFile } from './state.js';

/** Unsafe characters out of an uploaded file's name; the name itself (spaces, accents) is kept. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 200);
}

export async function registerPath(s: EngineState, path: string, name = basename(path)): Promise<FileInfo> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new EngineRequestError(`${name} is not a readable file`);
  const f: RegisteredFile = { id: `f${s.nextFileId++}`, path, name, size: st.size };
  s.files.set(f.id, f);
  try {
    return await s.fileInfo(f);
  } catch (err) {
    s.files.delete(f.id);
    throw new EngineRequestError(`${name} could not be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

/** Streamed to disk, never buffered (exports run to gigabytes), then registered like a chosen file. */
export async function registerUpload(s: EngineState, name: string, body: AsyncIterable<Uint8Array>): Promise<FileInfo> {
  const dir = join(s.stateDir, 'uploads', `u${Date.now()}-${s.nextFileId}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, safeFileName(name));
  await pipeline(body, createWriteStream(path));
  return registerPath(s, path, safeFileName(name));
}
