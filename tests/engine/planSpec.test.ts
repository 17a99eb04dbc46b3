/**
 * The import plan's sentences and fallbacks (engine/node/import/plan.ts), beyond
 * importPlan.test.ts: what is said of a file without a header, a churn flag or
 * tenure that cannot be used, a file that cannot be sniffed, a saved mapping that
 * is not JSON, and the proposal made from headers alone when profiling fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import {
  expandImportPaths,
  ImportPlanError,
  planImport,
  proposeImport,
  proposeMappingsFromData,
  readMappingFile,
  unmappedRequiredFields,
} from '../../engine/node/import/plan.js';

let dir = '';
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-plan-spec-'));
  db = await openDatabase();
});
afterAll(() => db.close());

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function problems(f: () => unknown): Promise<string[]> {
  try {
    await f();
  } catch (err) {
    if (err instanceof ImportPlanError) return err.problems;
    throw err;
  }
  return [];
}

const read = { format: 'csv', delimiter: ',', header: true } as const;
const accounts = (columns: FileMapping['columns'], more: Partial<FileMapping> = {}): FileMapping => ({
  entity: 'accounts',
  columns,
  dateFormats: {},
  ...more,
});

describe('what a plan lacks', () => {
  const noHeader =
    '; the file seems to have no header row (its first row looks like data): add the header line, or map the columns by position';

  it('says a file whose columns are all named by position seems to have no header', () => {
    const plan = planImport(
      [{ path: '/in/a.csv', name: 'a.csv', columns: ['column 1', 'column 2'] }],
      [{ read, mapping: accounts({}) }],
    );
    expect(unmappedRequiredFields(plan)).toEqual([
      `a.csv: no column mapped to Account ID (needed for Accounts (CRM))${noHeader}`,
    ]);
  });

  it('gives no such hint when one column has a name, or there are no columns', () => {
    const named = planImport(
      [{ path: '/in/a.csv', name: 'a.csv', columns: ['column 1', 'id'] }],
      [{ read, mapping: accounts({}) }],
    );
    expect(unmappedRequiredFields(named)).toEqual([
      'a.csv: no column mapped to Account ID (needed for Accounts (CRM))',
    ]);
    // "column 1" must be the whole name: "my column 1" or "column 1b" is a header's own name.
    const lookalike = planImport(
      [{ path: '/in/a.csv', name: 'a.csv', columns: ['my column 1', 'column 1b'] }],
      [{ read, mapping: accounts({}) }],
    );
    expect(unmappedRequiredFields(lookalike)).toEqual([
      'a.csv: no column mapped to Account ID (needed for Accounts (CRM))',
    ]);
    // Each on its own: a name that only ends or only starts like "column 1" is the header's.
    for (const name of ['my column 1', 'column 1b', 'column 2 (2)']) {
      const plan = planImport(
        [{ path: '/in/a.csv', name: 'a.csv', columns: [name] }],
        [{ read, mapping: accounts({}) }],
      );
      expect(unmappedRequiredFields(plan)).toEqual([
        'a.csv: no column mapped to Account ID (needed for Accounts (CRM))',
      ]);
    }
    // Past the ninth column the position has two digits.
    const twelve = planImport(
      [{ path: '/in/a.csv', name: 'a.csv', columns: ['column 9', 'column 12'] }],
      [{ read, mapping: accounts({}) }],
    );
    expect(unmappedRequiredFields(twelve)[0]).toContain('; the file seems to have no header row');
    const none = planImport([{ path: '/in/a.csv', name: 'a.csv', columns: [] }], [{ read, mapping: accounts({}) }]);
    expect(unmappedRequiredFields(none)).toEqual(['a.csv: no column mapped to Account ID (needed for Accounts (CRM))']);
  });

  it('names the file of a churn flag without a date and of a tenure without an export date', () => {
    const plan = planImport(
      [{ path: '/in/crm.csv', name: 'crm.csv', columns: ['id', 'lost', 'months'] }],
      [{ read, mapping: accounts({ account_id: 'id', churned: 'lost', tenure_months: 'months' }) }],
    );
    expect(unmappedRequiredFields(plan)).toEqual([
      'crm.csv: column "lost" says which accounts churned but not when: map a churn date column or give the export date',
      'crm.csv: column "months" counts months back from the export date, which is not given: ' +
        'give the export date (the day the file was exported), or clear the tenure column',
    ]);
  });
});

describe('the files named for a plan', () => {
  it('refuse missing names in one error, a line each, that says it is a plan’s', () => {
    let error: unknown;
    try {
      expandImportPaths(['nope-1.csv', 'nope-2.csv']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ImportPlanError);
    // The CLI prints the message: one problem a line.
    expect(error).toMatchObject({
      name: 'ImportPlanError',
      message: 'nope-1.csv: no such file or folder\nnope-2.csv: no such file or folder',
    });
  });

  it('name every folder without exports', async () => {
    const a = mkdtempSync(join(tmpdir(), 'hsw-plan-spec-'));
    const b = mkdtempSync(join(tmpdir(), 'hsw-plan-spec-'));
    const [problem] = await problems(() => expandImportPaths([a, b]));
    expect(problem).toMatch(new RegExp(`^no export files in ${a}, ${b}: expected`));
  });

  it('refuse a folder without exports with what they expected', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hsw-plan-spec-'));
    writeFileSync(join(empty, '.hidden.csv'), 'a\n1\n');
    writeFileSync(join(empty, 'readme.md'), '# notes\n');
    expect(await problems(() => expandImportPaths([empty]))).toEqual([
      `no export files in ${empty}: expected the standard accounts.csv, usage_events.csv[.gz] ` +
        'and churn.csv, or any CSV/TSV/Parquet/JSON/XLSX exports read through a mapping',
    ]);
  });
});

describe('proposing an import', () => {
  it('says why a file cannot be read, naming it', async () => {
    const empty = file('empty.csv', '');
    expect(await problems(() => proposeImport(db, [empty]))).toEqual([
      'empty.csv: is empty (0 bytes): export it again, or leave it out of this import.',
    ]);
    // Not a file problem the sniffer words: the path and the first line of the error.
    const folder = mkdtempSync(join(tmpdir(), 'hsw-plan-spec-'));
    const [problem] = await problems(() => proposeImport(db, [folder]));
    expect(problem).toMatch(new RegExp(`^${folder.replaceAll('/', '\\/')}: cannot be read \\(EISDIR[^\\n]*\\)$`));
  });

  it('proposes from the headers alone when the files cannot be profiled', async () => {
    // The sniffed columns name a file that is gone by the time it is profiled.
    // "03.Feb.2024 14h05" is in no built-in format: only the user's pattern makes "Created At" a date.
    const mappings = await proposeMappingsFromData(db, [
      {
        path: join(dir, 'gone.parquet'),
        name: 'zendesk_tickets.parquet',
        columns: ['Ticket ID', 'Organization ID', 'Created At'],
        read: { format: 'parquet', datePattern: '%d.%b.%Y %Hh%M' },
        profile: [
          { name: 'Ticket ID', samples: ['T-1', 'T-2'] },
          { name: 'Organization ID', samples: ['acct_001', 'acct_002'] },
          { name: 'Created At', samples: ['03.Feb.2024 14h05', '11.Mar.2024 08h15'] },
        ],
      },
    ]);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      entity: 'tickets',
      columns: { account_id: 'Organization ID', opened_at: 'Created At' },
    });
  });
});

describe('a saved mapping file', () => {
  it('that is not JSON is named with the parser’s reason', async () => {
    const path = file('notes.json', 'not json');
    const [problem] = await problems(() => readMappingFile(path));
    expect(problem).toMatch(
      new RegExp(`^${path.replaceAll('/', '\\/')}: not a readable JSON file \\(Unexpected token`),
    );
  });

  it('that is not an object says the problem is at its root', async () => {
    const path = file('list.json', '[]');
    const found = await problems(() => readMappingFile(path));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${path.replaceAll('/', '\\/')}: \\(root\\): `));
  });
});
