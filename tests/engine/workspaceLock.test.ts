import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { acquireLock, processIdentity, WorkspaceLockedError } from '../../engine/node/workspace/lock.js';

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'hsw-lock-')), 'lock');

describe('a workspace lock', () => {
  it('records who holds it, down to the process start time', () => {
    const path = lockPath();
    const release = acquireLock(path, 'w', 'me');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
      token: 'me',
      started: processIdentity(process.pid),
    });
    release();
  });

  it('is taken over when its PID now belongs to another process (a recycled PID)', () => {
    const path = lockPath();
    const mine = processIdentity(process.pid);
    expect(mine, 'this test needs Linux /proc').not.toBeNull();
    // The PID is alive (this test's own process) but started at another time: not the lock's writer.
    const [boot] = mine!.split('/');
    const recycled = {
      pid: process.pid,
      host: hostname(),
      at: '2026-01-01T00:00:00Z',
      token: 'old',
      started: `${boot}/1`,
    };
    writeFileSync(path, JSON.stringify(recycled));
    const release = acquireLock(path, 'w', 'new');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ token: 'new', started: mine });
    release();
  });

  it('is refused while the very process that wrote it runs, also when an older version wrote no start time', () => {
    const path = lockPath();
    const holder = { pid: process.pid, host: hostname(), at: '2026-01-01T00:00:00Z', token: 'other-engine' };
    writeFileSync(path, JSON.stringify({ ...holder, started: processIdentity(process.pid) }));
    expect(() => acquireLock(path, 'w', 'me')).toThrow(WorkspaceLockedError);
    writeFileSync(path, JSON.stringify(holder));
    expect(() => acquireLock(path, 'w', 'me')).toThrow(WorkspaceLockedError);
  });
});

// Above any Linux pid_max (at most 2^22): no process has it.
const DEAD_PID = 2 ** 22 + 12345;
const lockOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('who may take a workspace lock', () => {
  it('tells the second window who holds it, in a sentence with the holder and the minute it took the lock', () => {
    const path = lockPath();
    // PID 1 always runs.
    const holder = {
      pid: 1,
      host: hostname(),
      at: '2026-03-05T09:30:45.123Z',
      token: 'x',
      started: processIdentity(1),
    };
    writeFileSync(path, JSON.stringify(holder));
    let error: unknown;
    try {
      acquireLock(path, 'Q3 review', 'me');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WorkspaceLockedError);
    const locked = error as WorkspaceLockedError;
    expect(locked.message).toBe(
      '“Q3 review” is open in another Health Score Workbench window (process 1, since 2026-03-05 09:30). Close it there, or open a copy under another name.',
    );
    expect(locked.name).toBe('WorkspaceLockedError');
    expect(locked.workspace).toBe('Q3 review');
    expect(locked.holder).toEqual(holder);
    // Refused: the holder's lock is left as it was.
    expect(lockOf(path)).toEqual(holder);
  });

  it('is taken again by the engine holding it (same token), and released, is free for another', () => {
    const path = lockPath();
    acquireLock(path, 'w', 'me');
    const again = acquireLock(path, 'w', 'me');
    expect(lockOf(path)).toMatchObject({ token: 'me' });
    again();
    expect(existsSync(path)).toBe(false);
    // Released twice (a window closing after the folder was deleted): no error.
    expect(() => again()).not.toThrow();
    const other = acquireLock(path, 'w', 'other');
    expect(lockOf(path)).toMatchObject({ token: 'other', pid: process.pid });
    other();
    expect(existsSync(path)).toBe(false);
  });

  it('is taken over from a process of this machine that no longer runs', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: DEAD_PID, host: hostname(), at: '2026-01-01T00:00:00Z', token: 'old' }));
    const release = acquireLock(path, 'w', 'new');
    expect(lockOf(path)).toMatchObject({ token: 'new', pid: process.pid });
    release();
  });

  it('is refused while a process of another user holds it: signalling it is not permitted, but it runs', () => {
    const path = lockPath();
    const holder = { pid: DEAD_PID, host: hostname(), at: '2026-01-01T00:00:00Z', token: 'other-user' };
    writeFileSync(path, JSON.stringify(holder));
    // What kill(pid, 0) answers a process that is not root about another user's process.
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    try {
      expect(() => acquireLock(path, 'w', 'me')).toThrow(WorkspaceLockedError);
    } finally {
      kill.mockRestore();
    }
    expect(lockOf(path)).toEqual(holder);
  });

  it('is refused when another machine holds it, whose processes cannot be checked from here', () => {
    const path = lockPath();
    const elsewhere = { pid: DEAD_PID, host: `not-${hostname()}`, at: '2026-01-01T00:00:00Z', token: 'old' };
    writeFileSync(path, JSON.stringify(elsewhere));
    expect(() => acquireLock(path, 'w', 'me')).toThrow(WorkspaceLockedError);
    expect(lockOf(path)).toEqual(elsewhere);
  });

  it('is taken over when the lock file is torn (a crash while it was written)', () => {
    const path = lockPath();
    writeFileSync(path, '{"pid": 1, "ho');
    const release = acquireLock(path, 'w', 'me');
    expect(lockOf(path)).toMatchObject({ token: 'me', pid: process.pid, host: hostname() });
    release();
  });

  it('reports a failure other than an existing lock as it is', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hsw-lock-')), 'no-such-folder', 'lock');
    expect(() => acquireLock(path, 'w', 'me')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('released again after another engine took it, leaves that engine its lock', () => {
    const path = lockPath();
    const first = acquireLock(path, 'w', 'first');
    first();
    const second = acquireLock(path, 'w', 'second');
    // A late second release of the first engine (a window closing twice): the second keeps the workspace.
    first();
    expect(lockOf(path)).toMatchObject({ token: 'second' });
    expect(() => acquireLock(path, 'w', 'third')).toThrow(WorkspaceLockedError);
    // Nor does it remove a lock file another holder is still writing (unreadable yet).
    second();
    writeFileSync(path, '{"pid":');
    first();
    expect(readFileSync(path, 'utf8')).toBe('{"pid":');
  });

  it('can be released after its file was removed by hand', () => {
    const path = lockPath();
    const release = acquireLock(path, 'w', 'me');
    release();
    expect(() => release()).not.toThrow();
  });

  it('records no start time for a process whose start time is unknown', () => {
    const path = lockPath();
    const release = acquireLock(path, 'w', 'me', DEAD_PID);
    expect(Object.keys(lockOf(path)).sort()).toEqual(['at', 'host', 'pid', 'token']);
    release();
  });
});

describe('a process identity', () => {
  it('is the boot id and the start time, read past a command name with spaces and parentheses', () => {
    const proc = mkdtempSync(join(tmpdir(), 'hsw-proc-'));
    mkdirSync(join(proc, 'sys/kernel/random'), { recursive: true });
    mkdirSync(join(proc, '42'));
    writeFileSync(join(proc, 'sys/kernel/random/boot_id'), 'boot-1\n');
    // Fields 3 onwards after "pid (comm)": field n holds the text "n", so field 22 reads "22".
    const rest = Array.from({ length: 50 }, (_, i) => String(i + 3));
    writeFileSync(join(proc, '42/stat'), `42 (my (odd) cmd) ${rest.join(' ')}\n`);
    expect(processIdentity(42, proc)).toBe('boot-1/22');
    expect(processIdentity(43, proc)).toBeNull();
  });

  it('is unknown when the stat line stops before the start time, or the boot id cannot be read', () => {
    const proc = mkdtempSync(join(tmpdir(), 'hsw-proc-'));
    mkdirSync(join(proc, '42'));
    // Fields 3 to 21 only: field 22 is missing.
    const rest = Array.from({ length: 19 }, (_, i) => String(i + 3));
    writeFileSync(join(proc, '42/stat'), `42 (cmd) ${rest.join(' ')}`);
    expect(processIdentity(42, proc)).toBeNull();
    mkdirSync(join(proc, 'sys/kernel/random'), { recursive: true });
    writeFileSync(join(proc, 'sys/kernel/random/boot_id'), 'boot-1\n');
    expect(processIdentity(42, proc)).toBeNull();
  });
});
