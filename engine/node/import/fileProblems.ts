/**
 * File-level problems: a file that cannot be read at all, said in one sentence
 * that names the file, what is wrong with it and what to do. Sniffing and
 * staging throw these instead of letting a later step fail with a message about
 * something else ("no column mapped to Account ID", "unexpected end of file").
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';

export class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'FileProblem';
  }
}

/** More columns than this is a pivoted or corrupt export; DuckDB would stage 10,000 text columns in memory. */
export const MAX_COLUMNS = 1000;

// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function n(x: number): string {
  return x.toLocaleString('en-US');
}

export function tooWide(path: string, columns: number): FileProblem {
  return new FileProblem(
    basename(path),
    `has ${n(columns)} columns; the workbench reads at most ${n(MAX_COLUMNS)}. An export this wide is usually a ` +
      'pivot (one column per day, user or feature): export it in long form, one row per account and date.',
  );
}

/** Control bytes other than tab, CR and LF in decoded text: a binary file, not an export. */
export function binaryShare(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad / text.length;
}

export function checkText(path: string, head: Buffer, text: string): void {
  const file = basename(path);
  if (head.length === 0)
    throw new FileProblem(file, 'is empty (0 bytes): export it again, or leave it out of this import.');
  if (text.trim() === '')
    throw new FileProblem(file, 'holds only blank lines: export it again, or leave it out of this import.');
  if (head[0] === 0x1f && head[1] === 0x8b)
    throw new FileProblem(file, 'is gzip-compressed but not named .gz: rename it to end in .gz, or unpack it first.');
  const share = binaryShare(text.slice(0, 64 * 1024));
  if (share > 0.01)
    throw new FileProblem(
      file,
      `is not a text export: ${Math.round(share * 100)} % of its first characters are binary bytes. ` +
        'Check that it is the file you meant; a spreadsheet or Parquet file needs its real extension (.xlsx, .parquet).',
    );
}

/** Lines a gzip file yields before it ends early, or null when it is whole. */
export function gzipTruncation(path: string): Promise<{ lines: number } | null> {
  return new Promise((ok) => {
    // Only complete lines count: a partial last line is not a row that could be read.
    let lines = 0;
    const s = createReadStream(path).pipe(createGunzip());
    s.on('data', (c: Buffer) => {
      // indexOf, not a loop over every byte: every .gz file is checked, not only a broken one.
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
    });
    s.on('end', () => ok(null));
    s.on('error', () => ok({ lines }));
  });
}

export function truncatedGzip(path: string, lines: number, header: boolean): FileProblem {
  const rows = Math.max(0, lines - (header ? 1 : 0));
  return new FileProblem(
    basename(path),
    `is truncated: the compressed file ends early (an interrupted download or copy). ` +
      `${n(rows)} complete ${rows === 1 ? 'row was' : 'rows were'} read before the end; ` +
      'nothing was loaded from it. Download or export it again.',
  );
}
