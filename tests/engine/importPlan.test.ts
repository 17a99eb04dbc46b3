import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPING_FORMAT, type MappingFile } from '../../engine/core/api/importSchema.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import {
  choicesFromSavedMapping,
  expandImportPaths,
  ImportPlanError,
  planImport,
  proposeImport,
  readMappingFile,
  unmappedRequiredFields,
  type FileChoice,
  type PlannedFile,
} from '../../engine/node/import/plan.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'import');

const accounts: PlannedFile = {
  path: '/in/crm.csv',
  name: 'crm.csv',
  columns: ['Account ID', 'Name', 'Customer Since'],
};
const churn: PlannedFile = { path: '/in/lost.tsv', name: 'lost.tsv', columns: ['column0', 'column1'] };
const csv = { format: 'csv', delimiter: ',', header: true } as const;
const accountsChoice: FileChoice = {
  read: csv,
  mapping: {
    entity: 'accounts',
    columns: { account_id: 'Account ID', name: 'Name', signup_date: 'Customer Since' },
    dateFormats: { signup_date: 'us' },
  },
};
const churnChoice: FileChoice = {
  read: { format: 'csv', delimiter: '\t', header: false },
  mapping: { entity: 'churn', columns: { churn_date: 'column1' }, dateFormats: {} },
};

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof ImportPlanError) return err.problems;
    throw err;
  }
  return [];
}

describe('an import plan', () => {
  it('gives each file its read options and mapping, and remembers them as a saved-mapping file', () => {
    const plan = planImport([accounts, churn], [accountsChoice, churnChoice]);
    expect(plan.inputs).toEqual([
      {
        path: '/in/crm.csv',
        label: 'crm.csv',
        columns: accounts.columns,
        read: accountsChoice.read,
        mapping: accountsChoice.mapping,
      },
      {
        path: '/in/lost.tsv',
        label: 'lost.tsv',
        columns: churn.columns,
        read: churnChoice.read,
        mapping: churnChoice.mapping,
      },
    ]);
    expect(plan.mapping).toEqual({
      format: MAPPING_FORMAT,
      version: 1,
      files: [
        { name: 'crm.csv', headers: accounts.columns, read: accountsChoice.read, mapping: accountsChoice.mapping },
        { name: 'lost.tsv', headers: churn.columns, read: churnChoice.read, mapping: churnChoice.mapping },
      ],
    });
    expect(plan.source).toBe('2 files');
    expect(planImport([accounts], [accountsChoice]).source).toBe('crm.csv');
  });

  it('refuses files without a choice each, and an empty list', () => {
    expect(() => planImport([accounts, churn], [accountsChoice])).toThrow('2 files but 1 mapping choices');
    expect(problems(() => planImport([], []))).toEqual(['no files to import']);
  });

  it('names every required field a mapping leaves without a column', () => {
    expect(unmappedRequiredFields(planImport([accounts, churn], [accountsChoice, churnChoice]))).toEqual([
      'lost.tsv: no column mapped to Account ID (needed for Churn outcomes)',
    ]);
    expect(unmappedRequiredFields(planImport([accounts], [accountsChoice]))).toEqual([]);
  });
});

describe('a saved mapping in a plan', () => {
  const saved: MappingFile = {
    format: MAPPING_FORMAT,
    version: 1,
    files: [
      {
        name: 'old-churn.tsv',
        headers: ['column0', 'column1'],
        read: churnChoice.read,
        mapping: { ...churnChoice.mapping, columns: { account_id: 'column0', churn_date: 'column1' } },
      },
      {
        name: 'crm-2026-10.csv',
        headers: ['Customer Since', 'Account ID', 'Name'],
        read: csv,
        mapping: accountsChoice.mapping,
      },
    ],
  };

  it('gives each file the entry with its headers (in any order), whatever the entry order', () => {
    const choices = choicesFromSavedMapping(saved, [accounts, churn], 'm.json');
    expect(choices.map((c) => c.mapping.entity)).toEqual(['accounts', 'churn']);
    expect(choices[1]!.mapping.columns.account_id).toBe('column0');
  });

  it('names each file no entry fits', () => {
    const other: PlannedFile = { path: '/in/x.csv', name: 'x.csv', columns: ['a', 'b', 'c'] };
    expect(problems(() => choicesFromSavedMapping(saved, [other, accounts], 'm.json'))).toEqual([
      'x.csv: no entry of m.json fits this file (neither its headers nor its name)',
    ]);
  });

  it('is read with every schema problem and its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-plan-'));
    writeFileSync(
      join(dir, 'broken.json'),
      '{"format": "health-score-workbench/mapping", "version": 1, "files": [{"name": 3}]',
    );
    expect(problems(() => readMappingFile(join(dir, 'broken.json')))[0]).toMatch(
      /broken\.json: not a readable JSON file/,
    );
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ format: MAPPING_FORMAT, version: 4, files: [] }));
    expect(problems(() => readMappingFile(join(dir, 'wrong.json')))).toEqual([
      `${join(dir, 'wrong.json')}: version: Invalid input: expected 1, 2 or 3`,
    ]);
    writeFileSync(join(dir, 'good.json'), JSON.stringify(saved));
    expect(readMappingFile(join(dir, 'good.json'))).toEqual(saved);
  });
});

describe('the files of a plan', () => {
  it('are the files named, each folder standing for its export files, sorted, hidden ones left out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-plan-'));
    for (const f of ['b.csv', 'a.parquet', '.hidden.csv', 'notes.md', 'c.csv.gz']) writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'single.xlsx'), '');
    expect(expandImportPaths([dir])).toEqual(
      ['a.parquet', 'b.csv', 'c.csv.gz', 'single.xlsx'].map((f) => join(dir, f)),
    );
    expect(expandImportPaths([join(dir, 'notes.md')])).toEqual([join(dir, 'notes.md')]);
  });

  it('refuses names that do not exist (each one) and folders without exports', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hsw-plan-'));
    expect(problems(() => expandImportPaths(['nope-1.csv', empty, 'nope-2.csv']))).toEqual([
      'nope-1.csv: no such file or folder',
      'nope-2.csv: no such file or folder',
    ]);
    expect(problems(() => expandImportPaths([empty]))[0]).toMatch(/^no export files in /);
  });

  it('are sniffed and given a proposed mapping each', async () => {
    const db = await openDatabase();
    try {
      const { files, choices } = await proposeImport(db, [
        join(fixtures, 'crm-accounts-us-dates.csv'),
        join(fixtures, 'segment-tracks.ndjson'),
      ]);
      expect(files.map((f) => f.name)).toEqual(['crm-accounts-us-dates.csv', 'segment-tracks.ndjson']);
      expect(files[0]!.columns.slice(0, 3)).toEqual(['Account ID', 'Account Name', 'Segment']);
      expect(choices.map((c) => c.mapping.entity)).toEqual(['accounts', 'usage_events']);
      expect(choices[0]!.mapping.dateFormats.signup_date).toBe('us');
      expect(choices[1]!.read.format).toBe('ndjson');
    } finally {
      db.close();
    }
  });
});
