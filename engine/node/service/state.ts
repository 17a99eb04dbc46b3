/**
 * What one engine holds between requests: the loaded data and its status,
 * the files the user registered, the running import, the open workspace.
 * Shared by the handler maps; each domain changes only its own part, except
 * that new data (an import, a workspace) goes through replaceData.
 */
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { BacktestSettings, CustomSignal, ImportStatus, LoadStatus, ModelConfig } from '../../core/api/schema.js';
import type { FileInfo, ProjectState } from '../../core/api/importSchema.js';
import { customColumnProblems } from '../../core/signals/customColumns.js';
import { byId as sortedById, computedJson } from '../../core/signals/customFrameSet.js';
import { rankEntities, suggestFileMapping } from '../../core/import/suggestMapping.js';
import type { Cadence, SnapshotFrame } from '../../core/snapshots/frame.js';
import { openDatabase, type Database } from '../data/duckdb.js';
import { loadWorkbenchData, type LoadedData } from '../data/loadWorkbench.js';
import { sniffFile, type SniffResult } from '../import/sniff.js';
import { ImportFailed } from '../import/issues.js';
import type { ImportedFile } from '../import/importFiles.js';
import { EngineRequestError } from './errors.js';
import { removeStaleUploads } from './fileIntake.js';

export interface EngineOptions {
  /** Folder holding the exports (accounts.csv, usage_events.csv[.gz], …) loaded at start. */
  dataDir: string;
  /** Where workspaces, uploaded files and the recent list live (default ~/.health-score-workbench). */
  stateDir?: string;
}

export interface RegisteredFile {
  id: string;
  path: string;
  name: string;
  size: number;
  /** The local day the file was last modified; absent for an upload (see registerPath). */
  modified?: string;
  sniffed?: SniffResult;
}

export class EngineState {
  status: LoadStatus = { state: 'loading', step: 'Starting', done: 0, total: 1 };
  data: LoadedData | null = null;
  /** Encoded frames by cadence and grace period ("monthly:default", "weekly:60"). */
  readonly frameBytes = new Map<string, Uint8Array>();
  readonly ready: Promise<void>;
  readonly stateDir: string;
  generation = 1;
  readonly files = new Map<string, RegisteredFile>();
  nextFileId = 1;
  importStatus: ImportStatus = { state: 'idle', step: '', fraction: 0, generation: 1 };
  importCancel: { cancelled: boolean } | null = null;
  project: ProjectState = { mapping: null, scenarios: [] };
  workspace: { name: string; release: () => void } | null = null;
  /**
   * The last load that failed after its files were read (the start-up folder or an
   * import): its per-file summary and issue log, kept for the Data tab and the
   * issues download until data loads again.
   */
  failedImport: ImportFailed | null = null;
  private scratch: Database | null = null;
  /** This engine's identity in workspace lock files. */
  readonly lockToken = randomUUID();

  constructor(private readonly options: EngineOptions) {
    this.stateDir = options.stateDir ?? join(homedir(), '.health-score-workbench');
    try {
      removeStaleUploads(this.stateDir);
    } catch {
      // Leftovers are tidied next time; never a reason not to start.
    }
    this.ready = this.load();
    // The status endpoint reports failures; keep the rejection from going unhandled.
    this.ready.catch(() => undefined);
  }

  private async load(): Promise<void> {
    try {
      this.data = await loadWorkbenchData(this.options.dataDir, (step, done, total) => {
        this.status = { state: 'loading', step, done, total };
      });
      this.status = { state: 'ready', step: 'Ready', done: 1, total: 1, generation: this.generation };
    } catch (err) {
      if (err instanceof ImportFailed) this.keepFailedImport(err);
      this.status = {
        state: 'error',
        step: 'Loading data',
        done: 0,
        total: 1,
        message: err instanceof Error ? err.message : String(err),
      };
      throw err;
    }
  }

  /**
   * The data, once there is some: the start-up load, or a later import or
   * workspace when the start-up load failed (so a bad --data folder can be
   * recovered from by loading files in the app).
   */
  async loaded(): Promise<LoadedData> {
    if (!this.data) await this.ready;
    return this.data!;
  }

  /** Snapshots at a cadence; graceDays only changes accounts whose outcomes come from subscriptions. */
  async frame(cadence: Cadence = 'monthly', graceDays?: number): Promise<SnapshotFrame> {
    return (await this.loaded()).frameAt(cadence, graceDays);
  }

  /**
   * The snapshots a request's configurations are judged on: the backtest's cadence and grace period,
   * plus the columns of every custom signal they define (built once per set, cached like the plain frame).
   * Several configurations (a comparison) share one frame; an id defined two different ways is refused.
   * `path` names where each list sits in the request ('' for a top-level `customSignals`).
   */
  async frameFor(
    configs: readonly { config: Pick<ModelConfig, 'customSignals'>; path: string }[],
    backtest: Pick<BacktestSettings, 'cadence' | 'graceDays'>,
  ): Promise<SnapshotFrame> {
    const byId = new Map<string, { signal: CustomSignal; json: string; path: string }>();
    for (const { config, path } of configs)
      (config.customSignals ?? []).forEach((signal, i) => {
        const json = computedJson(signal);
        const seen = byId.get(signal.id);
        const at = `${path === '' ? '' : `${path}.`}customSignals.${i}`;
        if (seen && seen.json !== json)
          throw new EngineRequestError(
            `custom signal "${signal.id}" is defined differently in two scenarios; give one of them another id`,
            [{ path: at, message: `differs from ${seen.path}` }],
          );
        if (!seen) byId.set(signal.id, { signal, json, path: at });
      });
    // Sorted by id, so the same definitions in another order reuse the cached frame.
    const custom = sortedById([...byId.values()].map((c) => c.signal));
    const data = await this.loaded();
    // A signal on an extra column the loaded data lacks is the request's fault: say which, where it is defined.
    const issues = [...byId.values()].flatMap(({ signal, path }) =>
      customColumnProblems([signal], data.extraColumns).map((message) => ({ path: `${path}.column`, message })),
    );
    if (issues.length > 0) throw new EngineRequestError(issues.map((i) => i.message).join('\n'), issues);
    return data.frameAt(backtest.cadence, backtest.graceDays, custom);
  }

  /** New data in, old data out; the renderer sees the generation change and reloads. */
  replaceData(data: LoadedData): void {
    const old = this.data;
    this.data = data;
    this.frameBytes.clear();
    this.keepFailedImport(null);
    this.generation++;
    this.status = { state: 'ready', step: 'Ready', done: 1, total: 1, generation: this.generation };
    old?.close();
  }

  /** Keep a failed load's report (closing the one before), or drop it when data loaded. */
  keepFailedImport(failed: ImportFailed | null): void {
    if (this.failedImport !== failed) this.failedImport?.db?.close();
    this.failedImport = failed;
  }

  /** The database whose issue log the report reads: the failed load's, else the loaded data's. */
  async reportSource(): Promise<{ db: Database; imported: readonly ImportedFile[] }> {
    if (this.failedImport?.db) return { db: this.failedImport.db, imported: this.failedImport.imported };
    const data = await this.loaded();
    return { db: data.db, imported: data.imported };
  }

  workspaceRoot(): string {
    return join(this.stateDir, 'workspaces');
  }

  /** A database for sniffing Parquet/JSON heads, separate from the loaded data. */
  async scratchDb(): Promise<Database> {
    return (this.scratch ??= await openDatabase());
  }

  file(id: string): RegisteredFile {
    const f = this.files.get(id);
    if (!f)
      throw new EngineRequestError(`no file ${id} (it was removed or the engine restarted)`, [
        { path: 'fileId', message: 'unknown file' },
      ]);
    return f;
  }

  async fileInfo(f: RegisteredFile, entity?: FileInfo['suggestion']['entity']): Promise<FileInfo> {
    f.sniffed ??= await sniffFile(await this.scratchDb(), f.path);
    const { read, columns, sheets } = f.sniffed;
    const pattern = read.datePattern !== undefined ? { datePattern: read.datePattern } : {};
    return {
      id: f.id,
      name: f.name,
      size: f.size,
      ...(f.modified ? { modified: f.modified } : {}),
      read,
      columns,
      ...(sheets ? { sheets } : {}),
      suggestion: suggestFileMapping(f.name, columns, entity, pattern),
      ranking: rankEntities(f.name, columns, pattern).map((r) => ({ entity: r.entity, score: r.score })),
    };
  }

  async close(): Promise<void> {
    if (this.importCancel) this.importCancel.cancelled = true;
    await this.ready.catch(() => undefined);
    this.data?.close();
    this.keepFailedImport(null);
    this.scratch?.close();
    this.workspace?.release();
    rmSync(join(this.stateDir, 'uploads', this.lockToken), { recursive: true, force: true });
  }
}
