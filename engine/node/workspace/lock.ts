/**
 * One window per workspace. A lock file names the process holding it; a
 * second instance gets a sentence it can act on instead of DuckDB's "could
 * not set lock on file". Locks left by a process that died are taken over.
 */
import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export class WorkspaceLockedError extends Error {
  constructor(readonly workspace: string, readonly holder: LockInfo) {
    super(`“${workspace}” is open in another Health Score Workbench window (process ${holder.pid}, since ${holder.at.slice(0, 16).replace('T', ' ')}). Close it there, or open a copy under another name.`);
    this.name = 'WorkspaceLockedError';
  }
}

/** Who holds a lock: the process, and which engine in it (two engines can share a process). */
export interface LockInfo { pid: number; host: string; at: string; token?: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock at `path` for this holder; returns a release function. */
export function acquireLock(path: string, workspace: string, token: string = randomUUID(), pid = process.pid): () => void {
  const me: LockInfo = { pid, host: hostname(), at: new Date().toISOString(), token };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        holder = null; // unreadable: a crash while writing it
      }
      if (holder && holder.token === token) return () => rmSync(path, { force: true });
      if (holder && (holder.host !== me.host || alive(holder.pid))) throw new WorkspaceLockedError(workspace, holder);
      rmSync(path, { force: true }); // stale
    }
  }
  throw new Error(`could not lock ${workspace}`);
}
