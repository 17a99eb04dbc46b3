/**
 * A seeded, bounded fuzz of the CSV and NDJSON importers: random byte-level
 * mutations of a small valid accounts export (quotes, delimiters, line breaks,
 * NUL, braces, cut lines, copied lines). Whatever the bytes, the import either
 * loads with read = loaded + rejected, or stops with an Error naming the file;
 * it never crashes with something else or hangs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseTables, rng } from '../fixtures/broken/generate.js';
import { runImportCase } from '../support/importCase.js';

const dir = mkdtempSync(join(tmpdir(), 'hsw-fuzz-'));
const NOISE = [',', '"', '\n', '\r', '\r\n', '\0', '{', '}', ';', '\t', 'x', '9', '\u00ff', '[', ':'];

function mutate(text: string, next: () => number): string {
  let s = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(next() * s.length);
    const op = Math.floor(next() * 5);
    if (op === 0) s = s.slice(0, at) + NOISE[Math.floor(next() * NOISE.length)] + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1);
    else if (op === 2) s = s.slice(0, at + Math.floor(next() * (s.length - at)));
    else if (op === 3) {
      const lines = s.split('\n');
      const i = Math.floor(next() * lines.length);
      lines.splice(i, 0, lines[Math.floor(next() * lines.length)]!);
      s = lines.join('\n');
    } else s = s.slice(0, at) + NOISE[Math.floor(next() * NOISE.length)] + s.slice(at + 1);
  }
  return s;
}

async function fuzz(kind: 'csv' | 'ndjson', seed: number, runs: number) {
  const { accounts } = baseTables();
  const header = accounts[0]!.split(',');
  const valid =
    kind === 'csv'
      ? accounts.join('\n') + '\n'
      : accounts
          .slice(1)
          .map((l) => JSON.stringify(Object.fromEntries(header.map((h, j) => [h, l.split(',')[j]]))))
          .join('\n') + '\n';
  const next = rng(seed);
  let loaded = 0;
  for (let i = 0; i < runs; i++) {
    const name = `accounts-fuzz-${seed}-${i}.${kind}`;
    const path = join(dir, name);
    writeFileSync(path, mutate(valid, next));
    const o = await runImportCase([path], name);
    if (o.error !== undefined) {
      // A refusal names the file (or the field the mapping lacks) in a sentence, never a bare crash.
      expect(o.error, o.error).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}[: ]`));
    } else {
      loaded++;
      expect(o.read, name).toBe(o.loaded! + o.rejected!);
      expect(o.adds, name).toBe(true);
    }
  }
  return loaded;
}

describe('import fuzz (seeded, bounded)', () => {
  it('CSV: 30 mutated exports never crash and always add up', async () => {
    expect(await fuzz('csv', 7, 30)).toBeGreaterThan(0);
  }, 60_000);
  it('NDJSON: 30 mutated exports never crash and always add up', async () => {
    expect(await fuzz('ndjson', 11, 30)).toBeGreaterThan(0);
  }, 60_000);
});
