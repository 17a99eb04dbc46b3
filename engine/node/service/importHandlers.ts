/** Loading the user's files: the registered files, sniffing, the import run and its report and data quality. */
import type { FileInfo, ReadOptions } from '../../core/api/importSchema.js';
import { loadImportedData } from '../data/loadWorkbench.js';
import { dataQuality } from '../import/dataQuality.js';
import { ImportCancelled } from '../import/importFiles.js';
import { hasIssuesTable, ImportFailed, issuesCsvBytes, issueSummary } from '../import/issues.js';
import { planImport } from '../import/plan.js';
import { sniffFile } from '../import/sniff.js';
import type { Handlers } from './dispatch.js';
import { EngineRequestError } from './errors.js';
import type { EngineState } from './state.js';

type ImportMethod =
  | 'listFiles'
  | 'sniffFile'
  | 'removeFile'
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
      const log = (await hasIssuesTable(db))
        ? await issueSummary(db, req.limit, req.offset)
        : { total: 0, groups: [], issues: [] };
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
    getImportIssuesCsv: async () => issuesCsvBytes((await s.reportSource()).db),
    getDataQuality: async () => {
      const data = await s.loaded();
      return dataQuality(data.db, data.frame);
    },
  };
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
