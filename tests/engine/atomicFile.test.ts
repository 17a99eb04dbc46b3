/**
 * writeFileAtomic's order of operations is its crash safety: the new bytes are
 * flushed to disk before a rename makes them the file, and the directory entry
 * is flushed after. A power cut cannot be staged in a test, so the file-system
 * calls are recorded (passed through to the real ones) and read back in order.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync as realWrite } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ log: [] as string[], failOpening: null as string | null }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const paths = new Map<number, string>();
  return {
    ...fs,
    writeFileSync: (path: string, data: string | Uint8Array) => {
      calls.log.push(`write ${path}`);
      fs.writeFileSync(path, data);
    },
    openSync: (path: string, flags: string) => {
      if (path === calls.failOpening) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      const fd = fs.openSync(path, flags);
      paths.set(fd, path);
      calls.log.push(`open ${path} ${flags}`);
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.log.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    },
    closeSync: (fd: number) => {
      calls.log.push(`close ${paths.get(fd)}`);
      fs.closeSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.log.push(`rename ${from} ${to}`);
      fs.renameSync(from, to);
    },
  };
});

const { writeFileAtomic } = await import('../../engine/node/workspace/atomicFile.js');

beforeEach(() => {
  calls.log = [];
  calls.failOpening = null;
});

describe('writing a file atomically', () => {
  it('flushes a temporary file, renames it over the target, then flushes the directory, closing what it opens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-atomic-'));
    const target = join(dir, 'HEAD');
    realWrite(target, '1\n');
    calls.log = [];
    writeFileAtomic(target, '2\n');
    const tmp = `${target}.tmp-${process.pid}`;
    expect(calls.log).toEqual([
      `write ${tmp}`,
      `open ${tmp} r`,
      `fsync ${tmp}`,
      `close ${tmp}`,
      `rename ${tmp} ${target}`,
      `open ${dir} r`,
      `fsync ${dir}`,
      `close ${dir}`,
    ]);
    expect(readFileSync(target, 'utf8')).toBe('2\n');
    expect(readdirSync(dir)).toEqual(['HEAD']);
  });

  it('still replaces the file where the directory cannot be opened (Windows)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-atomic-'));
    const target = join(dir, 'recent.json');
    calls.failOpening = dir;
    writeFileAtomic(target, new TextEncoder().encode('[]'));
    expect(readFileSync(target, 'utf8')).toBe('[]');
    expect(calls.log.at(-1)).toBe(`rename ${target}.tmp-${process.pid} ${target}`);
  });
});
