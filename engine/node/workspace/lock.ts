/**
 * One window per workspace. A lock file names the process holding it; a
 * second instance gets a sentence it can act on instead of DuckDB's "could
 * not set lock on file". Locks left by a process that died are taken over,
 * also when its PID has since been given to another process.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export class WorkspaceLockedError extends Error {
  constructor(
    readonly workspace: string,
    readonly holder: LockInfo,
  ) {
    super(
      `“${workspace}” is open in another Health Score Workbench window (process ${holder.pid}, since ${holder.at.slice(0, 16).replace('T', ' ')}). Close it there, or open a copy under another name.`,
    );
    this.name = 'WorkspaceLockedError';
  }
}

/**
 * Who holds a lock: the process, and which engine in it (two engines can share a process).
 * `started` tells this process from a later one given the same PID (see processIdentity).
 */
export interface LockInfo {
  pid: number;
  host: string;
  at: string;
  token?: string;
  started?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The boot and the start time of a process (Linux: /proc/sys/kernel/random/boot_id
 * and field 22 of /proc/PID/stat, in clock ticks since boot). A PID is reused after
 * a restart or once the PID space wraps, but never with the same boot and start
 * time. Null where /proc is not there (macOS, Windows): the PID check alone then.
 */
export function processIdentity(pid: number, proc = '/proc'): string | null {
  try {
    const boot = readFileSync(`${proc}/sys/kernel/random/boot_id`, 'utf8').trim();
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[22 - 3];
    return start ? `${boot}/${start}` : null;
  } catch {
    return null;
  }
}

/** Whether the process named by a lock still runs: alive, and (where known) the same process that wrote it. */
function holderRuns(holder: LockInfo): boolean {
  if (!alive(holder.pid)) return false;
  if (!holder.started) return true;
  const now = processIdentity(holder.pid);
  return now === null || now === holder.started;
}

/**
 * Remove the lock only while it still names this holder: called again after another engine took the
 * workspace (or with a half-written file of another's in its place), release leaves that lock alone.
 */
function releaser(path: string, token: string): () => void {
  return () => {
    let holder: LockInfo;
    try {
      holder = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      return; // gone already, or another holder's lock still being written
    }
    if (holder.token === token) rmSync(path, { force: true });
  };
}

/** Take the lock at `path` for this holder; returns a release function. */
export function acquireLock(
  path: string,
  workspace: string,
  token: string = randomUUID(),
  pid = process.pid,
): () => void {
  const started = processIdentity(pid);
  const me: LockInfo = { pid, host: hostname(), at: new Date().toISOString(), token, ...(started ? { started } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return releaser(path, token);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        holder = null; // unreadable: a crash while writing it
      }
      if (holder && holder.token === token) return releaser(path, token);
      if (holder && (holder.host !== me.host || holderRuns(holder))) throw new WorkspaceLockedError(workspace, holder);
      rmSync(path, { force: true }); // stale
    }
  }
  throw new Error(`could not lock ${workspace}`);
}
