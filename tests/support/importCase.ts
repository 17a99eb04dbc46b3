/**
 * Run files through the import as the CLI does (sniff, propose a mapping, plan,
 * import) and describe what happened to one of them: its counts and its issue
 * lines, or the sentence the import stopped with.
 */
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { planImport, proposeImport, unmappedRequiredFields } from '../../engine/node/import/plan.js';
import type { ReadOptions } from '../../engine/core/api/importSchema.js';

export interface CaseOutcome {
  error?: string;
  entity?: string;
  read?: number;
  loaded?: number;
  rejected?: number;
  /** `line column: reason → action` for the file's issues, in line order. */
  issues?: string[];
  /** Every file's counts add up (read = loaded + rejected). */
  adds?: boolean;
}

export async function runImportCase(
  paths: readonly string[],
  target: string,
  given: Partial<ReadOptions> = {},
  query?: string,
): Promise<CaseOutcome & { rows?: unknown[][] }> {
  const db = await openDatabase();
  try {
    const proposed = await proposeImport(db, paths, given);
    const plan = planImport(proposed.files, proposed.choices);
    const unmapped = unmappedRequiredFields(plan);
    if (unmapped.length > 0) return { error: unmapped.join('\n') };
    const summary = await importFiles(
      db,
      plan.inputs,
      () => undefined,
      () => false,
    );
    const f = summary.find((s) => s.label === target)!;
    const issues = (
      await db.conn.runAndReadAll(
        `SELECT line, column_name, reason, action FROM ${ISSUES_TABLE} WHERE file = '${target.replace(/'/g, "''")}' ORDER BY line, column_name, reason`,
      )
    )
      .getRowsJson()
      .map(([line, col, reason, action]) => `${Number(line)} ${String(col)}: ${String(reason)} → ${String(action)}`);
    const rows = query ? (await db.conn.runAndReadAll(query)).getRowsJson() : undefined;
    return {
      entity: f.entity,
      read: f.rowsRead,
      loaded: f.rowsLoaded,
      rejected: f.rowsRejected,
      issues,
      adds: summary.every((s) => s.rowsRead === s.rowsLoaded + s.rowsRejected),
      ...(rows ? { rows } : {}),
    };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    db.close();
  }
}
