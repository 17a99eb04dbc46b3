/**
 * Where /proc hides other users' processes (mounted with hidepid), a running
 * holder's start time cannot be read. Its lock must then be judged by the PID
 * alone, not taken for a recycled PID's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readFileSync: ((path: string, options: BufferEncoding) => {
      if (path === '/proc/1/stat') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return fs.readFileSync(path, options);
    }) as typeof fs.readFileSync,
  };
});

const { acquireLock, WorkspaceLockedError } = await import('../../engine/node/workspace/lock.js');

describe('a lock held by a process whose start time cannot be read', () => {
  it('is refused while that PID runs', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hsw-hidden-')), 'lock');
    // PID 1 always runs; its recorded start time cannot be compared.
    const holder = { pid: 1, host: hostname(), at: '2026-01-01T00:00:00Z', token: 'x', started: 'boot/12345' };
    writeFileSync(path, JSON.stringify(holder));
    expect(() => acquireLock(path, 'w', 'me')).toThrow(WorkspaceLockedError);
  });
});
