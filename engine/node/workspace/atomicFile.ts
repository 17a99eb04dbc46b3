/**
 * Crash-safe file replacement: write a temporary file, flush it to disk,
 * rename it over the target, flush the directory. A crash at any point leaves
 * either the old file or the new one, never a torn mix.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  fsyncPath(tmp);
  renameSync(tmp, path);
  try {
    fsyncPath(dirname(path));
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  }
}
