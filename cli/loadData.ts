/**
 * `--data` for the CLI: a folder of standard exports loads with the standard
 * mapping; any other files go through a mapping (`--mapping`, or the proposed
 * one), planned as the app's import plans them. Progress and the import report
 * go to stderr, also when the load fails.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXPORT_TABLES, findExportFile } from '../engine/node/data/exportTables.js';
import { openDatabase, type Database } from '../engine/node/data/duckdb.js';
import { loadImportedData, loadWorkbenchData, type LoadedData } from '../engine/node/data/loadWorkbench.js';
import { hasIssuesTable, ImportFailed, issueSummary, writeIssuesCsv } from '../engine/node/import/issues.js';
import type { ImportedFile } from '../engine/node/import/importFiles.js';
import {
  choicesFromSavedMapping,
  expandImportPaths,
  ImportPlanError,
  planImport,
  proposeImport,
  readMappingFile,
  unmappedRequiredFields,
} from '../engine/node/import/plan.js';
import { UsageError } from '../engine/node/commandLine.js';
import { takesExportDate } from '../engine/core/import/exportDate.js';
import { exportDateOption, readOptionsFrom, withExportDate, type ReadFlags } from './readOptions.js';

export class Rejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export interface DataOptions extends ReadFlags {
  data?: string[];
  mapping?: string;
  'issues-out'?: string;
}

/** A single folder holding the standard exports loads with the standard mapping; anything else with a proposed or given one. */
function isStandardFolder(args: readonly string[]): boolean {
  if (args.length !== 1) return false;
  const dir = resolve(args[0]!);
  return (
    statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true &&
    EXPORT_TABLES.filter((t) => t.required).every((t) => findExportFile(dir, t.name) !== null)
  );
}

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function loadData(o: DataOptions): Promise<LoadedData> {
  const args = o.data ?? [];
  if (args.length === 0) throw new UsageError('--data DIR|FILES... is required');
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const given = readOptionsFrom(o);
  if (!o.mapping && Object.keys(given).length === 0 && exportDateOption(o) === undefined && isStandardFolder(args)) {
    let data: LoadedData;
    try {
      data = await loadWorkbenchData(resolve(args[0]!), (step, done, total) =>
        say(`[${done}/${total}] ${step}… (${elapsed()})`),
      );
    } catch (err) {
      throw await failed(err, o['issues-out'], (m) => `${args[0]}: ${m}`);
    }
    await report(data.db, data.imported, o['issues-out']);
    return data;
  }
  const paths = expandImportPaths(args);
  const db = await openDatabase();
  let proposed;
  try {
    proposed = await proposeImport(db, paths, given);
  } finally {
    db.close();
  }
  const choices = withExportDate(
    o.mapping ? choicesFromSavedMapping(readMappingFile(o.mapping), proposed.files, o.mapping) : proposed.choices,
    o,
  ).map((c) => ({ ...c, read: { ...c.read, ...given } }));
  const plan = planImport(proposed.files, choices);
  // An export date saved with a mapping is last export's: say which day each file is taken as, and how to change it.
  if (o.mapping && exportDateOption(o) === undefined)
    choices.forEach((c, i) => {
      if (c.mapping.asOf !== undefined && takesExportDate(c.mapping))
        say(
          `${proposed.files[i]!.name}: dated at the export date ${c.mapping.asOf} saved in ${o.mapping}; if this is a newer export, pass --export-date YYYY-MM-DD`,
        );
    });
  if (!o.mapping) say(`No --mapping given; using the proposed mapping:\n${JSON.stringify(plan.mapping, null, 2)}`);
  const unmapped = unmappedRequiredFields(plan);
  if (unmapped.length > 0)
    throw new ImportPlanError(unmapped.map((p) => `${p}; edit the mapping and pass it with --mapping`));

  let data: LoadedData;
  let last = -1;
  try {
    data = await loadImportedData(
      plan.inputs,
      plan.source,
      (step, fraction) => {
        const pct = Math.floor(fraction * 100);
        if (pct !== last) say(`[${pct} %] ${step}… (${elapsed()})`);
        last = pct;
      },
      () => false,
    );
  } catch (err) {
    throw await failed(err, o['issues-out']);
  }
  await report(data.db, data.imported, o['issues-out']);
  return data;
}

/** A failed load still prints its per-file counts and writes its issue log, then says why it failed. */
async function failed(err: unknown, issuesOut: string | undefined, label = (m: string) => m): Promise<Rejected> {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  if (err instanceof ImportFailed && err.db) {
    try {
      await report(err.db, err.imported, issuesOut);
    } finally {
      err.db.close();
    }
  }
  return new Rejected([label(message)]);
}

/** Per file: rows read, loaded, rejected, values changed; the commonest issues; the whole log to --issues-out. */
async function report(db: Database, imported: readonly ImportedFile[], issuesOut: string | undefined): Promise<void> {
  const log = (await hasIssuesTable(db)) ? await issueSummary(db, 1, 0) : { total: 0, groups: [] };
  for (const f of imported) {
    say(
      `${f.label}: ${f.rowsRead} rows read, ${f.rowsLoaded} loaded, ${f.rowsRejected} rejected, ${f.valuesChanged} values changed`,
    );
  }
  for (const g of log.groups.slice(0, 20)) {
    say(
      `  ${g.file} line ${g.firstLine}${g.count > 1 ? ` (+${g.count - 1} more)` : ''}: ${g.column}: ${g.reason} → ${g.action}`,
    );
  }
  if (issuesOut) {
    // DuckDB writes the file itself: millions of issues never become one string in this process.
    await writeIssuesCsv(db, resolve(issuesOut));
    say(`Wrote ${log.total} issues to ${issuesOut}`);
  } else if (log.total > 0) say(`${log.total} issues in all; --issues-out FILE.csv lists every one.`);
}
