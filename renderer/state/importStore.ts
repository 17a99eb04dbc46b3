/**
 * The "Load exports" flow: files the user added, the mapping of each (the
 * engine's proposal until the user changes it), and the running import.
 * Whenever the set of files or a file's read options change, the engine is asked
 * (debounced) how the files map and relate, from their values; its answer fills
 * every mapping the user has not edited, and an answer overtaken by a later
 * change is dropped.
 */
import { create } from 'zustand';
import type {
  AccountRelation,
  FileInfo,
  FileMapping,
  MappingFile,
  ReadOptions,
} from '../../engine/core/api/importSchema.js';
import { MAPPING_FORMAT, MappingFileSchema, mappingFileVersion } from '../../engine/core/api/importSchema.js';
import type { ImportStatus } from '../../engine/core/api/schema.js';
import { type EntityId } from '../../engine/core/import/entities.js';
import { churnFlagProblems } from '../../engine/core/import/churnFlag.js';
import { exportDateProblems, exportDateUse, localDay } from '../../engine/core/import/exportDate.js';
import { missingRequiredFields, relationProblems } from '../../engine/core/import/relations.js';
import { matchMappingFile } from '../../engine/core/import/mappingFile.js';
import type { ExtraColumn } from '../../engine/core/import/extraColumns.js';
import type { WorkbenchClient } from '../api/client.js';
import { useSessionStore } from './sessionStore.js';
import { useViewStore } from './viewStore.js';

export interface FileEntry {
  info: FileInfo;
  read: ReadOptions;
  mapping: FileMapping;
  include: boolean;
  /**
   * Who set the export date (mapping.asOf): 'file', proposed from the file's modification date; 'user',
   * typed or cleared on the screen (never proposed over). Absent: neither (a saved mapping's, or none).
   */
  asOfBy?: 'file' | 'user';
  /** The user changed this file's mapping (entity, a column, a date format, the relation, a saved mapping): proposals leave it. */
  edited?: boolean;
}

export interface ImportState {
  open: boolean;
  files: FileEntry[];
  busy: string | null;
  error: string | null;
  notice: string | null;
  status: ImportStatus | null;
  /** The engine is working out how the files relate; their mappings may still change. */
  proposing: boolean;
  setOpen(open: boolean): void;
  add(client: WorkbenchClient, files: File[]): Promise<void>;
  choose(client: WorkbenchClient, folder: boolean): Promise<void>;
  remove(client: WorkbenchClient, id: string): Promise<void>;
  setInclude(client: WorkbenchClient, id: string, include: boolean): void;
  setEntity(client: WorkbenchClient, id: string, entity: EntityId): Promise<void>;
  setRead(client: WorkbenchClient, id: string, read: Partial<ReadOptions>): Promise<void>;
  setColumn(id: string, role: string, column: string | null): void;
  setDateFormat(id: string, role: string, format: FileMapping['dateFormats'][string]): void;
  /** The export date of a file whose rows lack a date it needs (null: none given). */
  setAsOf(id: string, day: string | null): void;
  /** Usage rows: identical rows are separate events (true) or one event exported twice (false, the default). */
  setKeepDuplicates(id: string, keep: boolean): void;
  /** The file finds its account through another file's key (null: through its own account-id column). */
  setRelation(id: string, via: AccountRelation | null): void;
  /** Event files: the columns no role reads, kept for custom signals (empty: none). */
  setExtras(id: string, extras: readonly ExtraColumn[]): void;
  applyMapping(text: string): void;
  mappingFile(): MappingFile;
  start(client: WorkbenchClient): Promise<void>;
  cancel(client: WorkbenchClient): Promise<void>;
}

/** Why an entry cannot be imported as mapped, or null. */
export function mappingProblem(e: FileEntry): string | null {
  const missing = missingRequiredFields(e.mapping).map((f) => f.label);
  if (missing.length > 0) return `choose a column for ${missing.join(', ')}`;
  const churn = churnFlagProblems(e.mapping)[0] ?? exportDateProblems(e.mapping)[0];
  if (churn) return churn;
  const cols = new Set(e.info.columns.map((c) => c.name));
  const gone = [
    ...Object.values(e.mapping.columns),
    ...(e.mapping.via ? [e.mapping.via.column] : []),
    ...(e.mapping.extras ?? []).map((x) => x.column),
  ].filter((c) => !cols.has(c));
  if (gone.length > 0) return `${gone.join(', ')} not in this file`;
  return null;
}

/** Derived: what stops the import, or null when it can start. */
export function importBlocker(files: readonly FileEntry[]): string | null {
  const chosen = files.filter((f) => f.include);
  if (chosen.length === 0) return 'Add export files to load.';
  if (!chosen.some((f) => f.mapping.entity === 'accounts'))
    return 'One file must be the accounts export: the others are checked against it.';
  const bad = chosen.map((f) => [f.info.name, mappingProblem(f)] as const).find(([, p]) => p !== null);
  if (bad) return `${bad[0]}: ${bad[1]}`;
  const relations = relationProblems(
    chosen.map((f) => ({ name: f.info.name, columns: f.info.columns.map((c) => c.name), mapping: f.mapping })),
  );
  return relations[0] ?? null;
}

/**
 * The export date follows the mapping: proposed from the file's modification date while the mapping
 * needs one and none was typed, and dropped again (when it was only proposed) once it needs none.
 */
export function settleExportDate(e: FileEntry): FileEntry {
  const needed = exportDateUse(e.mapping) !== null;
  if (needed && e.mapping.asOf === undefined && e.asOfBy !== 'user' && e.info.modified !== undefined)
    return { ...e, mapping: { ...e.mapping, asOf: e.info.modified }, asOfBy: 'file' };
  if (!needed && e.asOfBy === 'file') {
    const { asOf: _proposed, ...mapping } = e.mapping;
    void _proposed;
    const { asOfBy: _by, ...rest } = e;
    void _by;
    return { ...rest, mapping };
  }
  return e;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Quiet time after the last change before the files are profiled: one proposal for a burst of edits. */
export const PROPOSAL_DELAY_MS = 300;

/** Same read options, whatever order their fields came in. */
function sameRead(a: ReadOptions, b: ReadOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ReadOptions)[]);
  return [...keys].every((k) => a[k] === b[k]);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const useImportStore = create<ImportState>()((set, get) => {
  const addInfos = (infos: FileInfo[]) =>
    set((s) => ({
      files: [
        ...s.files,
        ...infos.map((info) => settleExportDate({ info, read: info.read, mapping: info.suggestion, include: true })),
      ],
    }));
  const patch = (id: string, f: (e: FileEntry) => FileEntry) =>
    set((s) => ({ files: s.files.map((e) => (e.info.id === id ? settleExportDate(f(e)) : e)) }));
  const edit = (id: string, f: (e: FileEntry) => FileEntry) => patch(id, (e) => ({ ...f(e), edited: true }));

  // The latest proposal asked for; an answer to an earlier one is stale.
  let proposal = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Drops any proposal pending or in flight: the files are about to change. */
  const invalidate = () => {
    proposal++;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  /** Asks for a proposal once the files have been quiet for PROPOSAL_DELAY_MS. */
  const propose = (client: WorkbenchClient) => {
    invalidate();
    const asked = proposal;
    // One file has nothing to relate to: its own suggestion is the proposal.
    if (get().files.filter((e) => e.include).length < 2) return set({ proposing: false });
    set({ proposing: true });
    timer = setTimeout(() => {
      timer = null;
      const chosen = get().files.filter((e) => e.include);
      client.proposeMappings({ files: chosen.map((e) => ({ fileId: e.info.id, read: e.read })) }).then(
        (answer) => {
          if (asked !== proposal) return;
          const byId = new Map(answer.files.map((f) => [f.fileId, f]));
          set((s) => ({
            proposing: false,
            files: s.files.map((e) => {
              const p = byId.get(e.info.id);
              // Edited since it was asked, or read differently now: the user's choice stands.
              if (!p || e.edited || !sameRead(p.read, e.read)) return e;
              return settleExportDate({ ...e, mapping: p.mapping });
            }),
          }));
        },
        (err: unknown) => {
          if (asked !== proposal) return;
          set({
            proposing: false,
            notice: `How these files relate could not be worked out (${message(err)}). Each file is mapped on its own: choose how a file without an account-id column finds its account.`,
          });
        },
      );
    }, PROPOSAL_DELAY_MS);
  };
  return {
    open: false,
    files: [],
    busy: null,
    error: null,
    notice: null,
    status: null,
    proposing: false,
    setOpen: (open) => set({ open }),
    async add(client, files) {
      if (files.length === 0) return;
      set({ busy: `Reading ${files.length} file${files.length === 1 ? '' : 's'}…`, error: null });
      try {
        const infos = await client.addFiles(files, (done, total) =>
          set({ busy: `Sending file ${Math.min(done + 1, total)} of ${total}…` }),
        );
        // An uploaded copy's date is the upload's: the browser's File knows the export's own.
        addInfos(
          infos.map((info, i) => {
            const ms = files[i]?.lastModified;
            return info.modified !== undefined || !ms ? info : { ...info, modified: localDay(ms) };
          }),
        );
        propose(client);
      } catch (err) {
        set({ error: message(err) });
      } finally {
        set({ busy: null });
      }
    },
    async choose(client, folder) {
      if (!client.chooseFiles) return;
      set({ busy: 'Reading files…', error: null });
      try {
        addInfos(await client.chooseFiles(folder));
        propose(client);
      } catch (err) {
        set({ error: message(err) });
      } finally {
        set({ busy: null });
      }
    },
    async remove(client, id) {
      set((s) => ({ files: s.files.filter((e) => e.info.id !== id) }));
      propose(client);
      await client.removeFile({ fileId: id }).catch(() => undefined);
    },
    setInclude(client, id, include) {
      patch(id, (e) => ({ ...e, include }));
      propose(client);
    },
    async setEntity(client, id, entity) {
      try {
        const info = await client.sniffFile({ fileId: id, entity });
        edit(id, (e) => ({ ...e, info, mapping: info.suggestion }));
      } catch (err) {
        set({ error: message(err) });
      }
    },
    async setRead(client, id, read) {
      const entry = get().files.find((e) => e.info.id === id);
      if (!entry) return;
      invalidate();
      try {
        const info = await client.sniffFile({
          fileId: id,
          read: { ...entry.read, ...read },
          entity: entry.mapping.entity,
        });
        patch(id, (e) => ({ ...e, info, read: info.read, mapping: info.suggestion }));
      } catch (err) {
        set({ error: message(err) });
      }
      propose(client);
    },
    setColumn(id, role, column) {
      edit(id, (e) => {
        const columns = { ...e.mapping.columns };
        if (column === null) delete columns[role];
        else columns[role] = column;
        return { ...e, mapping: { ...e.mapping, columns, confidence: undefined } };
      });
    },
    setDateFormat: (id, role, format) =>
      edit(id, (e) => ({
        ...e,
        mapping: { ...e.mapping, dateFormats: { ...e.mapping.dateFormats, [role]: format } },
      })),
    setAsOf: (id, day) =>
      edit(id, (e) => {
        const { asOf: _old, ...kept } = e.mapping;
        void _old;
        // Cleared by the user: not proposed again, so the screen asks for it.
        return { ...e, mapping: day ? { ...kept, asOf: day } : kept, asOfBy: 'user' };
      }),
    setKeepDuplicates: (id, keep) =>
      edit(id, (e) => {
        const { keepDuplicates: _old, ...kept } = e.mapping;
        void _old;
        return { ...e, mapping: keep ? { ...kept, keepDuplicates: true } : kept };
      }),
    setExtras: (id, extras) =>
      edit(id, (e) => {
        const { extras: _old, ...kept } = e.mapping;
        void _old;
        return { ...e, mapping: extras.length > 0 ? { ...kept, extras: [...extras] } : kept };
      }),
    setRelation: (id, via) =>
      edit(id, (e) => {
        const { via: _old, notes, ...kept } = e.mapping;
        void _old;
        // The proposal's note on the relation it found no longer holds once the user chooses.
        const left = notes?.filter((n) => !n.startsWith('Account found through'));
        const rest = { ...kept, ...(left && left.length > 0 ? { notes: left } : {}) };
        if (!via) return { ...e, mapping: { ...rest, confidence: undefined } };
        const { account_id: _direct, ...columns } = e.mapping.columns;
        void _direct;
        return { ...e, mapping: { ...rest, columns, via, confidence: undefined } };
      }),
    applyMapping(text) {
      let saved: MappingFile;
      try {
        const parsed = MappingFileSchema.safeParse(JSON.parse(text));
        if (!parsed.success)
          throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        saved = parsed.data;
      } catch (err) {
        set({ error: `Not a mapping file: ${message(err)}` });
        return;
      }
      const { matches, unmatchedFiles } = matchMappingFile(
        saved,
        get().files.map((e) => ({ id: e.info.id, name: e.info.name, columns: e.info.columns.map((c) => c.name) })),
      );
      // An export date belongs to the file, not to its shape: next month's export was made on another day.
      // So this file's modification date replaces a saved one; without one, the saved date stays and is named.
      const redated: string[] = [];
      for (const m of matches)
        edit(m.fileId, (e) => {
          const { asOf: saved, ...shape } = m.mapping;
          const next = { ...e, read: { ...e.read, ...m.read }, mapping: shape, asOfBy: undefined };
          if (saved === undefined) return next;
          if (e.info.modified === undefined || e.info.modified === saved) {
            if (e.info.modified === undefined)
              redated.push(`${e.info.name} keeps the saved export date ${saved}: check it`);
            return { ...next, mapping: { ...shape, asOf: saved } };
          }
          redated.push(`${e.info.name} is dated ${e.info.modified} from the file (the saved mapping had ${saved})`);
          return next; // patch proposes the file's date
        });
      set({
        error: null,
        notice: `Mapping applied to ${matches.length} file${matches.length === 1 ? '' : 's'}${unmatchedFiles.length ? `; no saved mapping fits ${unmatchedFiles.join(', ')}` : ''}.${redated.length ? ` Export date: ${redated.join('; ')}.` : ''}`,
      });
    },
    mappingFile() {
      const included = get().files.filter((e) => e.include);
      return {
        format: MAPPING_FORMAT,
        version: mappingFileVersion(included.map((e) => e.mapping)),
        files: included.map((e) => ({
          name: e.info.name,
          headers: e.info.columns.map((c) => c.name),
          read: e.read,
          mapping: e.mapping,
        })),
      };
    },
    async start(client) {
      const chosen = get().files.filter((e) => e.include);
      // What is on screen is what loads: a proposal landing now would change mappings under the import.
      invalidate();
      set({
        proposing: false,
        error: null,
        notice: null,
        status: { state: 'running', step: 'Starting', fraction: 0, generation: 0 },
      });
      try {
        await client.startImport({
          files: chosen.map((e) => ({ fileId: e.info.id, read: e.read, mapping: e.mapping })),
        });
        for (;;) {
          const status = await client.getImportStatus({});
          set({ status });
          if (status.state !== 'running') {
            if (status.state === 'done') {
              set({ open: false, files: [], status: null });
              useViewStore.getState().setTab('data');
              useSessionStore.getState().dataChanged(status.generation);
            } else if (status.message) set({ error: status.message });
            return;
          }
          await sleep(200);
        }
      } catch (err) {
        set({ error: message(err), status: null });
      }
    },
    async cancel(client) {
      await client.cancelImport({});
    },
  };
});
