/** Loading the user's files: the registered files, sniffing, the import run and its report and data quality. */
import type { FileInfo, ReadOptions } from '../../core/api/importSchema.js';
import { loadImportedData } from '../data/loadWorkbench.js';
import { dataQuality } from '../import/dataQuality.js';
import { ImportCancelled } from '../import/importFiles.js';
import { FileProblem } from '../import/fileProblems.js';
import { hasIssuesTable, ImportFailed, issuesCsvBytes, issueSummary } from '../import/issues.js';
import { ImportPlanError, planImport, proposeMappingsFromData } from '../import/plan.js';
import { sniffFile, type SniffResult } from '../import/sniff.js';
import type { Handlers } from './dispatch.js';
import { EngineRequestError } from './errors.js';
import type { EngineState } from './state.js';

type ImportMethod =
  | 'listFiles'
  | 'sniffFile'
  | 'removeFile'
  | 'proposeMappings'
  | 'startImport'
  | 'getImportStatus'
  | 'cancelImport'
  | 'getImportReport'
  | 'getImportIssuesCsv'
  | 'getDataQuality';

export function importHandlers(s: EngineState): Handlers<ImportMethod> {
  return {
    listFiles: async () => Promise.all([...s.files.values()].map((f) => s.fileInfo(f))),
    sniffFile: async (req) => {
      const f = s.file(req.fileId);
      if (req.read) f.sniffed = await sniffFile(await s.scratchDb(), f.path, req.read);
      return s.fileInfo(f, req.entity);
    },
    removeFile: async (req) => {
      s.files.delete(req.fileId);
      return {};
    },
    proposeMappings: async (req) => proposeMappings(s, req.files),
    startImport: async (req) => {
      startImport.call(s, req);
      return {};
    },
    getImportStatus: async () => s.importStatus,
    cancelImport: async () => {
      if (s.importCancel) s.importCancel.cancelled = true;
      return {};
    },
    /** The last load's report: a failed one's (its files and issue log survive the failure), else the loaded data's. */
    getImportReport: async (req) => {
      const { db, imported } = await s.reportSource();
      const log = await db.exclusive(async () =>
        (await hasIssuesTable(db)) ? issueSummary(db, req.limit, req.offset) : { total: 0, groups: [], issues: [] },
      );
      const files = imported.map((f) => ({
        file: f.label,
        entity: f.entity,
        location: f.location,
        rowsRead: f.rowsRead,
        rowsLoaded: f.rowsLoaded,
        rowsRejected: f.rowsRejected,
        valuesChanged: f.valuesChanged,
        firstDate: f.firstDate,
        lastDate: f.lastDate,
      }));
      return { files, ...log };
    },
    /** Bytes, not a JSON string: a log of millions of issues is hundreds of MB (DuckDB writes it). */
    getImportIssuesCsv: async () => {
      const { db } = await s.reportSource();
      return db.exclusive(() => issuesCsvBytes(db));
    },
    getDataQuality: async () => {
      const data = await s.loaded();
      return data.db.exclusive(() => dataQuality(data.db, data.frame, data.imported));
    },
  };
}

/** Same read options, whatever order their fields came in. */
const sameRead = (a: ReadOptions, b: ReadOptions): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ReadOptions)[]);
  return [...keys].every((k) => a[k] === b[k]);
};

/**
 * The CLI's proposal (each file on its own, then relations with match rates) for
 * registered files read as the screen shows them. A file is re-sniffed only when
 * its read options differ from its last sniff; nothing registered changes.
 */
async function proposeMappings(
  s: EngineState,
  requested: readonly { fileId: string; read: ReadOptions }[],
): Promise<{ files: { fileId: string; read: ReadOptions; mapping: FileInfo['suggestion'] }[] }> {
  const db = await s.scratchDb();
  const files = [];
  for (const r of requested) {
    const f = s.file(r.fileId);
    let sniffed: SniffResult;
    try {
      sniffed = f.sniffed && sameRead(f.sniffed.read, r.read) ? f.sniffed : await sniffFile(db, f.path, r.read);
    } catch (err) {
      if (err instanceof FileProblem) throw new EngineRequestError(err.message);
      throw err;
    }
    files.push({
      path: f.path,
      name: f.name,
      read: r.read,
      columns: sniffed.columns.map((c) => c.name),
      profile: sniffed.columns,
    });
  }
  try {
    const mappings = await proposeMappingsFromData(db, files);
    return { files: requested.map((r, i) => ({ fileId: r.fileId, read: r.read, mapping: mappings[i]! })) };
  } catch (err) {
    if (err instanceof ImportPlanError) throw new EngineRequestError(err.message);
    throw err;
  }
}

/**
 * Starts the import in the background; progress and the outcome land in the
 * state's importStatus. Moved whole from the EngineService method of the same
 * name, `this` included; its planning is the CLI's (import/plan.ts).
 */
function startImport(
  this: EngineState,
  req: { files: { fileId: string; read: ReadOptions; mapping: FileInfo['suggestion'] }[] },
): void {
  if (this.importStatus.state === 'running') throw new EngineRequestError('an import is already running');
  // The same planning as the CLI's: inputs, the mapping file to save, and the source's label.
  const plan = planImport(
    req.files.map((r) => {
      const f = this.file(r.fileId);
      if (!f.sniffed) throw new EngineRequestError(`${f.name} has not been inspected yet`);
      return { path: f.path, name: f.name, columns: f.sniffed.columns.map((c) => c.name) };
    }),
    req.files,
  );
  const cancel = { cancelled: false };
  this.importCancel = cancel;
  this.importStatus = { state: 'running', step: 'Starting', fraction: 0, generation: this.generation };
  void loadImportedData(
    plan.inputs,
    plan.source,
    (step, fraction, detail) => {
      this.importStatus = { state: 'running', step, fraction, ...(detail ?? {}), generation: this.generation };
    },
    () => cancel.cancelled,
  )
    .then(
      (data) => {
        this.replaceData(data);
        this.project = { ...this.project, mapping: plan.mapping };
        this.importStatus = { state: 'done', step: 'Imported', fraction: 1, generation: this.generation };
      },
      (err: unknown) => {
        if (err instanceof ImportFailed) this.keepFailedImport(err);
        this.importStatus =
          err instanceof ImportCancelled
            ? {
                state: 'cancelled',
                step: 'Cancelled',
                fraction: 0,
                message: 'Import cancelled; the previous data is still loaded.',
                generation: this.generation,
              }
            : {
                state: 'failed',
                step: 'Failed',
                fraction: 0,
                message: err instanceof Error ? err.message.split('\n')[0] : String(err),
                generation: this.generation,
              };
      },
    )
    .finally(() => {
      if (this.importCancel === cancel) this.importCancel = null;
    });
}
