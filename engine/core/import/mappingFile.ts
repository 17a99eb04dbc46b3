/**
 * Saved mappings: next month's export of the same shape loads with the same
 * mapping in one step. A saved entry fits a file whose headers are the same
 * (in any order); failing that, whose name is the same once dates and
 * numbers are ignored (`accounts-2026-10.csv` ~ `accounts-2026-11.csv`).
 * A relation names the file it goes through as saved; it is renamed to the
 * file that entry now fits (`subscriptions-2026-10.csv` → `subscriptions-2026-11.csv`).
 * Pure: the mapping screen and the CLI both use it.
 */
import type { FileMapping, MappingFile, ReadOptions } from '../api/importSchema.js';

export interface MappableFile {
  id: string;
  name: string;
  columns: readonly string[];
}
export interface MappingMatch {
  fileId: string;
  read: ReadOptions;
  mapping: FileMapping;
  by: 'headers' | 'name';
}

const sameHeaders = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const nameShape = (n: string) =>
  n
    .toLowerCase()
    .replace(/\.(gz)$/, '')
    .replace(/[0-9]+/g, '#')
    .replace(/[\s_-]+/g, '-');

export function matchMappingFile(
  saved: MappingFile,
  files: readonly MappableFile[],
): { matches: MappingMatch[]; unmatchedFiles: string[]; unusedEntries: string[] } {
  const used = new Set<number>();
  const matches: MappingMatch[] = [];
  const unmatchedFiles: string[] = [];
  const renamed = new Map<string, string>();
  for (const f of files) {
    // Same headers and name first: stripe/customers.csv and hubspot/customers.csv may share their headers.
    const free = (i: number, e: MappingFile['files'][number]) => !used.has(i) && sameHeaders(e.headers, f.columns);
    let k = saved.files.findIndex((e, i) => free(i, e) && nameShape(e.name) === nameShape(f.name));
    if (k < 0) k = saved.files.findIndex((e, i) => free(i, e));
    let by: MappingMatch['by'] = 'headers';
    if (k < 0) {
      k = saved.files.findIndex(
        (e, i) =>
          !used.has(i) &&
          nameShape(e.name) === nameShape(f.name) &&
          Object.values(e.mapping.columns).every((c) => f.columns.includes(c)) &&
          (!e.mapping.via || f.columns.includes(e.mapping.via.column)) &&
          (e.mapping.extras ?? []).every((x) => f.columns.includes(x.column)),
      );
      by = 'name';
    }
    if (k < 0) {
      unmatchedFiles.push(f.name);
      continue;
    }
    used.add(k);
    const e = saved.files[k]!;
    matches.push({ fileId: f.id, read: e.read, mapping: e.mapping, by });
    renamed.set(e.name, f.name);
  }
  for (const m of matches) {
    const via = m.mapping.via;
    if (via && renamed.has(via.file)) m.mapping = { ...m.mapping, via: { ...via, file: renamed.get(via.file)! } };
  }
  return { matches, unmatchedFiles, unusedEntries: saved.files.filter((_, i) => !used.has(i)).map((e) => e.name) };
}
