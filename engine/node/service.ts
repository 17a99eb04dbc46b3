/**
 * The engine behind the typed API. Hosts (Electron IPC, local HTTP) hand it
 * untrusted `(method, payload)` pairs; it validates the payload against the
 * shared schema, runs the request, and answers plain data.
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { CadenceSchema, ENGINE_API, isEngineMethod, type DatasetMeta, type EngineMethod, type EngineResponse, type ImportStatus, type LoadStatus } from '../core/api/schema.js';
import { MAPPING_FORMAT, type FileInfo, type MappingFile, type ProjectState, type ReadOptions } from '../core/api/importSchema.js';
import { openDatabase, type Database } from './data/duckdb.js';
import { sniffFile, type SniffResult } from './import/sniff.js';
import { rankEntities, suggestFileMapping } from '../core/import/suggestMapping.js';
import { ImportCancelled } from './import/importFiles.js';
import { issueSummary, issuesCsv, ISSUES_TABLE } from './import/issues.js';
import { dataQuality } from './import/dataQuality.js';
import { listWorkspaces, openWorkspace, recentNames, saveWorkspace, touchRecent, workspaceDir } from './workspace/workspaceStore.js';
import { acquireLock } from './workspace/lock.js';
import { portableScoreSql } from '../core/export/portableSql.js';
import { signalDistribution } from '../core/signals/distribution.js';
import { encodeFrame } from '../core/api/frameCodec.js';
import { evaluateFrame } from '../core/backtest/evaluate.js';
import { suggestWeights } from '../core/calibration/suggestWeights.js';
import { compareScenarios } from '../core/compare/compareScenarios.js';
import { approve } from '../core/config/approve.js';
import { listAccounts } from '../core/accounts/listAccounts.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG, TIER_PRESETS } from '../core/model/defaults.js';
import type { Cadence, SnapshotFrame } from '../core/snapshots/frame.js';
import { finishLoad, loadImportedData, loadWorkbenchData, type LoadedData } from './data/loadWorkbench.js';

export class EngineRequestError extends Error {
  constructor(message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export interface EngineOptions {
  /** Folder holding the exports (accounts.csv, usage_events.csv[.gz], …) loaded at start. */
  dataDir: string;
  /** Where workspaces, uploaded files and the recent list live (default ~/.health-score-workbench). */
  stateDir?: string;
}

interface RegisteredFile { id: string; path: string; name: string; size: number; sniffed?: SniffResult }

/** Unsafe characters out of an uploaded file's name; the name itself (spaces, accents) is kept. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 200);
}

export class EngineService {
  private status: LoadStatus = { state: 'loading', step: 'Starting', done: 0, total: 1 };
  private data: LoadedData | null = null;
  private readonly frameBytes = new Map<Cadence, Uint8Array>();
  private readonly ready: Promise<void>;
  private readonly stateDir: string;
  private generation = 1;
  private readonly files = new Map<string, RegisteredFile>();
  private nextFileId = 1;
  private importStatus: ImportStatus = { state: 'idle', step: '', fraction: 0, generation: 1 };
  private importCancel: { cancelled: boolean } | null = null;
  private project: ProjectState = { mapping: null, scenarios: [] };
  private workspace: { name: string; release: () => void } | null = null;
  private scratch: Database | null = null;
  /** This engine's identity in workspace lock files. */
  private readonly lockToken = randomUUID();

  constructor(private readonly options: EngineOptions) {
    this.stateDir = options.stateDir ?? join(homedir(), '.health-score-workbench');
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
      this.status = { state: 'error', step: 'Loading data', done: 0, total: 1, message: err instanceof Error ? err.message : String(err) };
      throw err;
    }
  }

  /** Resolves once the data is loaded (rejects if loading failed). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /**
   * Resolves once there is data: the start-up load, or a later import or
   * workspace when the start-up load failed (so a bad --data folder can be
   * recovered from by loading files in the app).
   */
  private async loaded(): Promise<void> {
    if (this.data) return;
    await this.ready;
  }

  private async frame(cadence: Cadence = 'monthly'): Promise<SnapshotFrame> {
    await this.loaded();
    return this.data!.frameAt(cadence);
  }

  /** The snapshot frame as bytes; weekly snapshots are built on first request. */
  async snapshotFrame(cadence: unknown = 'monthly'): Promise<Uint8Array> {
    const parsed = CadenceSchema.safeParse(cadence);
    if (!parsed.success) throw new EngineRequestError(`unknown cadence ${JSON.stringify(cadence)}`, [{ path: 'cadence', message: 'expected monthly or weekly' }]);
    const c = parsed.data;
    let bytes = this.frameBytes.get(c);
    if (!bytes) {
      bytes = encodeFrame(await this.frame(c));
      this.frameBytes.set(c, bytes);
    }
    return bytes;
  }

  /** Validate and run one API call. Throws EngineRequestError for a bad method or payload. */
  async handle(method: unknown, payload: unknown): Promise<unknown> {
    if (!isEngineMethod(method)) throw new EngineRequestError(`unknown method ${JSON.stringify(method)}`);
    const parsed = ENGINE_API[method].request.safeParse(payload ?? {});
    if (!parsed.success) {
      throw new EngineRequestError(
        `invalid ${method} request`,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    return this.run(method, parsed.data);
  }

  private async run(method: EngineMethod, request: unknown): Promise<EngineResponse<EngineMethod>> {
    switch (method) {
      case 'getStatus':
        return { ...this.status, generation: this.generation };
      case 'getDefaults':
        return { config: DEFAULT_CONFIG, tierPresets: TIER_PRESETS, backtest: DEFAULT_BACKTEST };
      case 'getDataset':
        await this.loaded();
        return this.data!.meta satisfies DatasetMeta;
      case 'evaluate': {
        const req = ENGINE_API.evaluate.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) {
          throw new EngineRequestError(`asOf ${req.asOf} is not a ${req.backtest.cadence} snapshot date`, [{ path: 'asOf', message: `expected one of ${frame.meta.periods.join(', ')}` }]);
        }
        return evaluateFrame(frame, req.config, req.backtest, req.asOf, req.bootstrap ?? 0);
      }
      case 'compareScenarios': {
        const req = ENGINE_API.compareScenarios.request.parse(request);
        const frame = await this.frame(req.scenarios[0]!.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) throw new EngineRequestError(`asOf ${req.asOf} is not a snapshot date`, [{ path: 'asOf', message: 'not a snapshot date at the baseline cadence' }]);
        return compareScenarios(frame, req.scenarios, req.asOf);
      }
      case 'approveConfig': {
        const req = ENGINE_API.approveConfig.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        const result = evaluateFrame(frame, req.config, req.backtest, frame.meta.periods.at(-1)!);
        return approve(req.config, req.backtest, req.approver, req.note, this.data!.fingerprint, result);
      }
      case 'listAccounts': {
        const req = ENGINE_API.listAccounts.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) throw new EngineRequestError(`asOf ${req.asOf} is not a snapshot date`, [{ path: 'asOf', message: 'not a snapshot date at this cadence' }]);
        return listAccounts(frame, req);
      }
      case 'suggestWeights': {
        const req = ENGINE_API.suggestWeights.request.parse(request);
        return suggestWeights(await this.frame(req.backtest.cadence), req.config, req.backtest, req.configurationId);
      }
      case 'listFiles':
        return Promise.all([...this.files.values()].map((f) => this.fileInfo(f)));
      case 'sniffFile': {
        const req = ENGINE_API.sniffFile.request.parse(request);
        const f = this.file(req.fileId);
        if (req.read) f.sniffed = await sniffFile(await this.scratchDb(), f.path, req.read);
        return this.fileInfo(f, req.entity);
      }
      case 'removeFile': {
        const req = ENGINE_API.removeFile.request.parse(request);
        this.files.delete(req.fileId);
        return {};
      }
      case 'startImport':
        this.startImport(ENGINE_API.startImport.request.parse(request));
        return {};
      case 'getImportStatus':
        return this.importStatus;
      case 'cancelImport':
        if (this.importCancel) this.importCancel.cancelled = true;
        return {};
      case 'getImportReport': {
        const req = ENGINE_API.getImportReport.request.parse(request);
        await this.loaded();
        const data = this.data!;
        const log = (await this.hasIssueLog()) ? await issueSummary(data.db, req.limit, req.offset) : { total: 0, groups: [], issues: [] };
        return { files: data.imported.map((f) => ({ file: f.label, entity: f.entity, location: f.location, rowsRead: f.rowsRead, rowsLoaded: f.rowsLoaded, rowsRejected: f.rowsRejected, valuesChanged: f.valuesChanged, firstDate: f.firstDate, lastDate: f.lastDate })), ...log };
      }
      case 'getImportIssuesCsv':
        await this.loaded();
        return { csv: (await this.hasIssueLog()) ? await issuesCsv(this.data!.db) : 'file,line,column,value,reason,action\n' };
      case 'getDataQuality':
        await this.loaded();
        return dataQuality(this.data!.db, this.data!.frame);
      case 'listWorkspaces': {
        const root = this.workspaceRoot();
        const all = listWorkspaces(root);
        const recent = recentNames(root).map((n) => all.find((w) => w.name === n)).filter((w) => w !== undefined);
        return { current: this.workspace?.name ?? null, recent, all };
      }
      case 'saveWorkspace': {
        const req = ENGINE_API.saveWorkspace.request.parse(request);
        return this.saveWorkspace(req.name, req.project);
      }
      case 'openWorkspace': {
        const req = ENGINE_API.openWorkspace.request.parse(request);
        await this.openWorkspace(req.name);
        return { project: this.project };
      }
      case 'getProject':
        return { ...this.project, workspace: this.workspace?.name ?? null };
      case 'signalDistribution': {
        const req = ENGINE_API.signalDistribution.request.parse(request);
        const frame = await this.frame(req.cadence);
        if (!frame.meta.periods.includes(req.asOf)) throw new EngineRequestError(`asOf ${req.asOf} is not a snapshot date`, [{ path: 'asOf', message: 'not a snapshot date at this cadence' }]);
        return signalDistribution(frame, req.signal, req.asOf, req.baseline);
      }
      case 'exportSql': {
        const req = ENGINE_API.exportSql.request.parse(request);
        const frame = await this.frame('monthly');
        const asOf = req.asOf ?? frame.meta.periods.at(-1)!;
        return { asOf, sql: portableScoreSql(req.config, { asOf, usageIntervalDays: frame.meta.usageIntervalDays }) };
      }
    }
  }

  // ---- user files ---------------------------------------------------------

  private workspaceRoot(): string {
    return join(this.stateDir, 'workspaces');
  }

  /** A database for sniffing Parquet/JSON heads, separate from the loaded data. */
  private async scratchDb(): Promise<Database> {
    return (this.scratch ??= await openDatabase());
  }

  private file(id: string): RegisteredFile {
    const f = this.files.get(id);
    if (!f) throw new EngineRequestError(`no file ${id} (it was removed or the engine restarted)`, [{ path: 'fileId', message: 'unknown file' }]);
    return f;
  }

  private async fileInfo(f: RegisteredFile, entity?: FileInfo['suggestion']['entity']): Promise<FileInfo> {
    f.sniffed ??= await sniffFile(await this.scratchDb(), f.path);
    const { read, columns, sheets } = f.sniffed;
    return {
      id: f.id, name: f.name, size: f.size, read, columns,
      ...(sheets ? { sheets } : {}),
      suggestion: suggestFileMapping(f.name, columns, entity),
      ranking: rankEntities(f.name, columns).map((r) => ({ entity: r.entity, score: r.score })),
    };
  }

  /** A file on this machine the user chose (dialog, drop, command line). */
  async registerPath(path: string, name = basename(path)): Promise<FileInfo> {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) throw new EngineRequestError(`${name} is not a readable file`);
    const f: RegisteredFile = { id: `f${this.nextFileId++}`, path, name, size: st.size };
    this.files.set(f.id, f);
    try {
      return await this.fileInfo(f);
    } catch (err) {
      this.files.delete(f.id);
      throw new EngineRequestError(`${name} could not be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }

  /** A file sent over HTTP by the web host: streamed to disk, then registered like a chosen file. */
  async registerUpload(name: string, body: Readable): Promise<FileInfo> {
    const dir = join(this.stateDir, 'uploads', `u${Date.now()}-${this.nextFileId}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, safeFileName(name));
    await pipeline(body, createWriteStream(path));
    return this.registerPath(path, safeFileName(name));
  }

  private startImport(req: { files: { fileId: string; read: ReadOptions; mapping: FileInfo['suggestion'] }[] }): void {
    if (this.importStatus.state === 'running') throw new EngineRequestError('an import is already running');
    const inputs = req.files.map((r) => {
      const f = this.file(r.fileId);
      if (!f.sniffed) throw new EngineRequestError(`${f.name} has not been inspected yet`);
      return { path: f.path, label: f.name, read: r.read, columns: f.sniffed.columns.map((c) => c.name), mapping: r.mapping };
    });
    const mapping: MappingFile = {
      format: MAPPING_FORMAT, version: 1,
      files: req.files.map((r) => {
        const f = this.file(r.fileId);
        return { name: f.name, headers: f.sniffed!.columns.map((c) => c.name), read: r.read, mapping: r.mapping };
      }),
    };
    const cancel = { cancelled: false };
    this.importCancel = cancel;
    this.importStatus = { state: 'running', step: 'Starting', fraction: 0, generation: this.generation };
    const source = inputs.length === 1 ? inputs[0]!.label : `${inputs.length} files`;
    void loadImportedData(inputs, source, (step, fraction, detail) => {
      this.importStatus = { state: 'running', step, fraction, ...(detail ?? {}), generation: this.generation };
    }, () => cancel.cancelled).then(
      (data) => {
        this.replaceData(data);
        this.project = { ...this.project, mapping };
        this.importStatus = { state: 'done', step: 'Imported', fraction: 1, generation: this.generation };
      },
      (err: unknown) => {
        this.importStatus = err instanceof ImportCancelled
          ? { state: 'cancelled', step: 'Cancelled', fraction: 0, message: 'Import cancelled; the previous data is still loaded.', generation: this.generation }
          : { state: 'failed', step: 'Failed', fraction: 0, message: err instanceof Error ? err.message.split('\n')[0] : String(err), generation: this.generation };
      },
    ).finally(() => {
      if (this.importCancel === cancel) this.importCancel = null;
    });
  }

  /** New data in, old data out; the renderer sees the generation change and reloads. */
  private replaceData(data: LoadedData): void {
    const old = this.data;
    this.data = data;
    this.frameBytes.clear();
    this.generation++;
    this.status = { state: 'ready', step: 'Ready', done: 1, total: 1, generation: this.generation };
    old?.close();
  }

  private async hasIssueLog(): Promise<boolean> {
    const r = await this.data!.db.conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${ISSUES_TABLE}'`);
    return Number(r.getColumns()[0]![0]) > 0;
  }

  // ---- workspaces ---------------------------------------------------------

  private async saveWorkspace(name: string, project: ProjectState) {
    await this.loaded();
    const data = this.data!;
    const root = this.workspaceRoot();
    let release: (() => void) | null = null;
    if (this.workspace?.name !== name) {
      mkdirSync(workspaceDir(root, name), { recursive: true });
      release = acquireLock(join(workspaceDir(root, name), 'lock'), name, this.lockToken);
    }
    this.project = { mapping: project.mapping ?? this.project.mapping, scenarios: project.scenarios };
    const savedAt = new Date().toISOString();
    try {
      await saveWorkspace(root, data.db, { name, savedAt, source: data.meta.source, accounts: data.meta.accounts, fingerprint: data.fingerprint, files: data.files, imported: data.imported, project: this.project });
    } catch (err) {
      release?.();
      throw err;
    }
    if (release) {
      this.workspace?.release();
      this.workspace = { name, release };
    }
    touchRecent(root, name);
    return { name, savedAt, source: data.meta.source, accounts: data.meta.accounts };
  }

  private async openWorkspace(name: string): Promise<void> {
    if (this.workspace?.name === name) return;
    if (this.importStatus.state === 'running') throw new EngineRequestError('wait for the import to finish (or cancel it) before opening a workspace');
    const root = this.workspaceRoot();
    let opened;
    try {
      opened = await openWorkspace(root, name, this.lockToken);
    } catch (err) {
      throw new EngineRequestError(err instanceof Error ? err.message : String(err));
    }
    try {
      const { saved } = opened;
      const data = await finishLoad(opened.db, saved.source, saved.files, saved.imported.map((f) => ({ ...f, entity: f.entity as FileInfo['suggestion']['entity'] })));
      this.replaceData(data);
      this.project = saved.project;
    } catch (err) {
      opened.db.close();
      opened.release();
      throw err;
    }
    this.workspace?.release();
    this.workspace = { name, release: opened.release };
    touchRecent(root, name);
  }

  async close(): Promise<void> {
    if (this.importCancel) this.importCancel.cancelled = true;
    await this.ready.catch(() => undefined);
    this.data?.close();
    this.scratch?.close();
    this.workspace?.release();
  }
}
