/**
 * Taking over a stale lock races with other windows doing the same. Two
 * races, staged by intercepting rmSync: another window writes a lock and
 * crashes before finishing it each time the stale one is removed (the lock
 * gives up instead of retrying forever), or another window removes the stale
 * lock first (no error: the file is gone either way).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const race = vi.hoisted(() => ({
  path: '',
  other: null as 'writes-torn' | 'removes-first' | null,
  removals: 0,
  torn: '{"pid": 12',
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    rmSync: (path: string, options?: { force?: boolean }) => {
      if (path !== race.path) return fs.rmSync(path, options);
      race.removals++;
      if (race.other === 'removes-first') fs.rmSync(path, { force: true });
      fs.rmSync(path, options);
      if (race.other === 'writes-torn') fs.writeFileSync(path, race.torn);
    },
  };
});

const { acquireLock } = await import('../../engine/node/workspace/lock.js');

beforeEach(() => {
  race.path = join(mkdtempSync(join(tmpdir(), 'hsw-race-')), 'lock');
  race.removals = 0;
  // A window crashed while writing the lock: stale, to be taken over.
  writeFileSync(race.path, race.torn);
});

describe('taking over a stale lock', () => {
  it('is given up after two takeovers when a torn lock keeps coming back, naming the workspace', () => {
    race.other = 'writes-torn';
    expect(() => acquireLock(race.path, 'Q3 review', 'me')).toThrow(new Error('could not lock Q3 review'));
    expect(race.removals).toBe(2);
  });

  it('succeeds when another window removed the stale lock just before', () => {
    race.other = 'removes-first';
    const release = acquireLock(race.path, 'Q3 review', 'me');
    expect(JSON.parse(readFileSync(race.path, 'utf8'))).toMatchObject({ token: 'me' });
    race.other = null;
    release();
    expect(existsSync(race.path)).toBe(false);
  });
});
