/**
 * Files in an encoding DuckDB's CSV reader does not read well are converted to
 * UTF-8 first, with iconv-lite: DuckDB refuses Windows-1252's €, curly quotes and
 * dashes ("File is not latin-1 encoded", no line) and reads UTF-16 as little-endian
 * only. The converted copy keeps every byte of line structure, so line numbers
 * are the original file's.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import type { ReadOptions } from '../../core/api/importSchema.js';

export type Encoding = NonNullable<ReadOptions['encoding']>;

/** iconv-lite's name for each encoding a user can choose; UTF-8 is read by DuckDB as it is. */
const ICONV_NAME: Record<Exclude<Encoding, 'utf-8'>, string> = {
  'windows-1252': 'windows-1252',
  'latin-1': 'latin1',
  // A BOM decides the byte order; without one, little-endian (what Windows writes).
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function needsTranscoding(encoding: Encoding | undefined): encoding is Exclude<Encoding, 'utf-8'> {
  return encoding !== undefined && encoding !== 'utf-8';
}

/** Decode a file's first bytes for sniffing (a leading BOM removed). */
export function decodeHead(head: Buffer, encoding: Encoding): string {
  const text = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(head) : iconv.decode(head, ICONV_NAME[encoding]);
  return text.replace(/^\uFEFF/, '');
}

/** Write `path` (gzip-compressed when it ends in .gz) as UTF-8 into `dir`; returns the copy's path. */
export async function transcodeToUtf8(
  path: string,
  encoding: Exclude<Encoding, 'utf-8'>,
  dir: string,
  name: string,
): Promise<string> {
  const out = join(dir, `${name}.utf8.csv`);
  const source = createReadStream(path);
  const decode = iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true });
  const encode = iconv.encodeStream('utf8');
  try {
    if (/\.gz$/i.test(path)) await pipeline(source, createGunzip(), decode, encode, createWriteStream(out));
    else await pipeline(source, decode, encode, createWriteStream(out));
  } catch (err) {
    // A gzip file cut short fails half-way: its caller never learns the copy's name to remove it.
    rmSync(out, { force: true });
    throw err;
  }
  return out;
}

/**
 * A copy with every line ending as LF: DuckDB's reader stops ("state machine reached
 * an invalid state") on a file that mixes CRLF and LF lines, as files appended to by
 * different tools do. Each CRLF, CR and LF stays one line break, so line numbers hold.
 */
export async function normaliseLineEndings(path: string, dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.lf.csv`);
  let pendingCR = false;
  const fix = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const bytes: number[] = [];
      for (const b of chunk) {
        if (pendingCR) {
          pendingCR = false;
          bytes.push(10);
          if (b === 10) continue;
        }
        if (b === 13) pendingCR = true;
        else bytes.push(b);
      }
      done(null, Buffer.from(bytes));
    },
    flush(done) {
      done(null, pendingCR ? Buffer.from([10]) : Buffer.alloc(0));
    },
  });
  const source = /\.gz$/i.test(path) ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  await pipeline(source, fix, createWriteStream(out));
  return out;
}
