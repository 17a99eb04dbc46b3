/**
 * Planning an import of user files: which files (folders expanded), how each
 * is read and mapped (proposed, or taken from a saved mapping), and what
 * goes to `loadImportedData` — the inputs, the mapping to remember with the
 * project, and the source label. The CLI and the engine service (the app's
 * import) plan through these functions, so both load the same files the same way.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EXPORT_FILE_PATTERN,
  MAPPING_FORMAT,
  MappingFileSchema,
  mappingFileVersion,
  type ColumnProfile,
  type FileMapping,
  type MappingFile,
  type ReadOptions,
} from '../../core/api/importSchema.js';
import { distinctFileNames } from '../../core/import/fileNames.js';
import { matchMappingFile } from '../../core/import/mappingFile.js';
import { suggestFileMapping } from '../../core/import/suggestMapping.js';
import { churnFlagProblems } from '../../core/import/churnFlag.js';
import { tenureProblems } from '../../core/import/tenure.js';
import { entitySpec } from '../../core/import/entities.js';
import { missingRequiredFields, proposeMappings, relationProblems } from '../../core/import/relations.js';
import type { Database } from '../data/duckdb.js';
import type { ImportInput } from './importFiles.js';
import { profileFiles } from './profileFiles.js';
import { sniffFile } from './sniff.js';
import { FileProblem } from './fileProblems.js';

/** Every problem that stops a plan, one line each, ready to show. */
export class ImportPlanError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ImportPlanError';
  }
}

/** A file that has been sniffed: where it is, the name the user knows it by, its columns in file order. */
export interface PlannedFile {
  path: string;
  name: string;
  columns: readonly string[];
}

/** How one file is read and what it maps to. */
export interface FileChoice {
  read: ReadOptions;
  mapping: FileMapping;
}

export interface ImportPlan {
  inputs: ImportInput[];
  /** The mapping as a saved-mapping file: what the project remembers and "Save this mapping" writes. */
  mapping: MappingFile;
  /** What the loaded data is called: the file's name, or "N files". */
  source: string;
}

/** The plan for files and the choice made for each (same order). */
export function planImport(files: readonly PlannedFile[], choices: readonly FileChoice[]): ImportPlan {
  if (files.length !== choices.length) throw new Error(`${files.length} files but ${choices.length} mapping choices`);
  if (files.length === 0) throw new ImportPlanError(['no files to import']);
  const inputs = files.map((f, i): ImportInput => {
    const { read, mapping } = choices[i]!;
    return { path: f.path, label: f.name, read, columns: [...f.columns], mapping };
  });
  return {
    inputs,
    mapping: {
      format: MAPPING_FORMAT,
      version: mappingFileVersion(choices.map((c) => c.mapping)),
      files: files.map((f, i) => ({
        name: f.name,
        headers: [...f.columns],
        read: choices[i]!.read,
        mapping: choices[i]!.mapping,
      })),
    },
    source: files.length === 1 ? files[0]!.name : `${files.length} files`,
  };
}

/** Required fields of each file's entity that its mapping leaves without a column, and relations that cannot be followed. */
export function unmappedRequiredFields(plan: ImportPlan): string[] {
  const missing = plan.inputs.flatMap((input) => {
    const spec = entitySpec(input.mapping.entity);
    // Columns named "column 1", "column 2", …: the first row looked like data, so nothing could be matched by name.
    const noHeader = input.columns.length > 0 && input.columns.every((c) => /^column \d+$/.test(c));
    const hint = noHeader
      ? '; the file seems to have no header row (its first row looks like data): add the header line, or map the columns by position'
      : '';
    return [
      ...missingRequiredFields(input.mapping).map(
        (f) => `${input.label}: no column mapped to ${f.label} (needed for ${spec.label})${hint}`,
      ),
      ...[...churnFlagProblems(input.mapping), ...tenureProblems(input.mapping)].map((p) => `${input.label}: ${p}`),
    ];
  });
  return [
    ...missing,
    ...relationProblems(plan.inputs.map((i) => ({ name: i.label, columns: i.columns, mapping: i.mapping }))),
  ];
}

/** Files named by the user, each folder standing for the export files in it (sorted, hidden files left out). */
export function expandImportPaths(args: readonly string[]): string[] {
  const out: string[] = [];
  const missing: string[] = [];
  for (const a of args) {
    const path = resolve(a);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) missing.push(`${a}: no such file or folder`);
    else if (st.isDirectory()) {
      out.push(
        ...readdirSync(path)
          .filter((f) => EXPORT_FILE_PATTERN.test(f) && !f.startsWith('.'))
          .sort()
          .map((f) => join(path, f)),
      );
    } else out.push(path);
  }
  if (missing.length > 0) throw new ImportPlanError(missing);
  if (out.length === 0) {
    throw new ImportPlanError([
      `no export files in ${args.join(', ')}: expected the standard accounts.csv, usage_events.csv[.gz] ` +
        'and churn.csv, or any CSV/TSV/Parquet/JSON/XLSX exports read through a mapping',
    ]);
  }
  return out;
}

/**
 * Sniff each file and propose how to read and map it: each on its own, then what
 * the files' values say about each other (keys, references, relations).
 */
export async function proposeImport(
  db: Database,
  paths: readonly string[],
  /** Read options the user gave for every file (rows to skip, sheet, encoding, date pattern). */
  given: Partial<ReadOptions> = {},
): Promise<{ files: PlannedFile[]; choices: FileChoice[] }> {
  const files: PlannedFile[] = [];
  const sniffedFiles: { read: ReadOptions; columns: ColumnProfile[] }[] = [];
  // Relations and saved mappings name files: two customers.csv from different folders are named by their paths.
  const names = distinctFileNames(paths);
  for (const [k, path] of paths.entries()) {
    let sniffed;
    try {
      sniffed = await sniffFile(db, path, given);
    } catch (err) {
      if (err instanceof FileProblem) throw new ImportPlanError([err.message]);
      throw new ImportPlanError([
        `${path}: cannot be read (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      ]);
    }
    const name = names[k]!;
    files.push({ path, name, columns: sniffed.columns.map((c) => c.name) });
    sniffedFiles.push(sniffed);
  }
  const mappings = await proposeMappingsFromData(
    db,
    files.map((f, i) => ({ ...f, read: sniffedFiles[i]!.read, profile: sniffedFiles[i]!.columns })),
  );
  return { files, choices: mappings.map((mapping, i) => ({ read: sniffedFiles[i]!.read, mapping })) };
}

/** The user's date pattern, when given: columns it reads are proposed as dates. */
// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function patternOf(read: ReadOptions): { datePattern?: string } {
  return read.datePattern !== undefined ? { datePattern: read.datePattern } : {};
}

/** The proposed mapping of each file, relations included, from the files' own values. */
export async function proposeMappingsFromData(
  db: Database,
  files: readonly (PlannedFile & { read: ReadOptions; profile: readonly ColumnProfile[] })[],
): Promise<FileMapping[]> {
  let profiled;
  try {
    profiled = await profileFiles(db, files);
  } catch {
    // A file DuckDB cannot read whole in place (a malformed NDJSON line, a torn Parquet) still imports line by
    // line, with its issues at their lines: propose its mapping from its header alone, without relations.
    return files.map((f) => suggestFileMapping(f.name, f.profile, undefined, patternOf(f.read)));
  }
  return proposeMappings(
    files.map((f, i) => ({ name: f.name, columns: f.profile, stats: profiled.stats[i]!, ...patternOf(f.read) })),
    profiled.hits,
  );
}

/** The saved mapping's entry for each file (by headers, else by name); a file no entry fits is a problem. */
export function choicesFromSavedMapping(
  saved: MappingFile,
  files: readonly PlannedFile[],
  savedName: string,
): FileChoice[] {
  const { matches, unmatchedFiles } = matchMappingFile(
    saved,
    files.map((f, i) => ({ id: String(i), name: f.name, columns: f.columns })),
  );
  if (unmatchedFiles.length > 0) {
    throw new ImportPlanError(
      unmatchedFiles.map((f) => `${f}: no entry of ${savedName} fits this file (neither its headers nor its name)`),
    );
  }
  return files.map((_, i) => {
    const m = matches.find((x) => x.fileId === String(i))!;
    return { read: m.read, mapping: m.mapping };
  });
}

/** A saved mapping file, checked against its schema; every problem with its path. */
export function readMappingFile(file: string): MappingFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new ImportPlanError([
      `${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  const parsed = MappingFileSchema.safeParse(json);
  if (!parsed.success)
    throw new ImportPlanError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}
