import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
