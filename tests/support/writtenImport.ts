/**
 * Small files a test writes, imported as the app imports them: each written to a folder of its own,
 * sniffed, and loaded with the mapping the test gives (the user's confirmed mapping).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import type { Database } from '../../engine/node/data/duckdb.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { sniffFile } from '../../engine/node/import/sniff.js';

/** One file: its name, its text and its mapping. */
export type WrittenFile = readonly [label: string, text: string, mapping: FileMapping];

export async function writtenInputs(
  db: Database,
  files: readonly WrittenFile[],
  prefix: string,
): Promise<ImportInput[]> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const inputs: ImportInput[] = [];
  for (const [label, text, mapping] of files) {
    const path = join(dir, label);
    writeFileSync(path, text);
    const s = await sniffFile(db, path);
    inputs.push({ path, label, read: s.read, columns: s.columns.map((c) => c.name), mapping });
  }
  return inputs;
}

/** The files imported into `db`; the per-file summaries. */
export async function importWritten(db: Database, files: readonly WrittenFile[], prefix: string) {
  return importFiles(
    db,
    await writtenInputs(db, files, prefix),
    () => undefined,
    () => false,
  );
}
