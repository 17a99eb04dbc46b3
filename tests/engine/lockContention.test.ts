/**
 * Taking over a stale lock races with other windows doing the same. Here the
 * race is lost every time: as soon as the stale lock is removed, another
 * window writes one and crashes before finishing it. The lock gives up with a
 * message instead of retrying forever.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const race = vi.hoisted(() => ({ path: '', removals: 0, torn: '{"pid": 12' }));

// Only rmSync is intercepted: after it removes the lock, the other window's torn lock appears.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    rmSync: (path: string, options?: { force?: boolean }) => {
      fs.rmSync(path, options);
      if (path === race.path) {
        race.removals++;
        fs.writeFileSync(path, race.torn);
      }
    },
  };
});

const { acquireLock } = await import('../../engine/node/workspace/lock.js');

describe('a lock whose stale file keeps coming back', () => {
  it('is given up after two takeovers, naming the workspace', () => {
    race.path = join(mkdtempSync(join(tmpdir(), 'hsw-race-')), 'lock');
    race.removals = 0;
    writeFileSync(race.path, race.torn);
    expect(() => acquireLock(race.path, 'Q3 review', 'me')).toThrow(new Error('could not lock Q3 review'));
    expect(race.removals).toBe(2);
  });
});
