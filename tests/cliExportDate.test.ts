/** The CLI's export date: --export-date (and its older name --churn-as-of) on the files whose rows lack a date. */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, type DataOptions } from '../cli/loadData.js';
import { exportDateOption, withExportDate } from '../cli/readOptions.js';
import { COMMANDS, commandHelp } from '../cli/commands.js';
import { parseCommandLine } from '../engine/node/commandLine.js';
import { MAPPING_FORMAT, type FileMapping } from '../engine/core/api/importSchema.js';

const flagged: FileMapping = {
  entity: 'accounts',
  columns: { account_id: 'Customer ID', churned: 'Churn' },
  dateFormats: {},
};
const usage: FileMapping = { entity: 'usage_daily', columns: { account_id: 'a', date: 'd' }, dateFormats: {} };
const scoreExtract: FileMapping = {
  entity: 'score_history',
  columns: { account_id: 'Company ID', score: 'Health Score' },
  dateFormats: {},
};
const datedScores: FileMapping = { ...scoreExtract, columns: { ...scoreExtract.columns, score_date: 'Date' } };

describe('--export-date', () => {
  it('is offered wherever files are read through a mapping, with --churn-as-of listed as its older name', () => {
    for (const c of ['map', 'backtest', 'score'] as const) {
      expect(COMMANDS[c].options).toHaveProperty('export-date');
      expect(COMMANDS[c].options).toHaveProperty('churn-as-of');
    }
    expect(commandHelp('backtest')).toMatch(/--export-date YYYY-MM-DD +the export date/);
    expect(commandHelp('backtest')).toMatch(/--churn-as-of YYYY-MM-DD +the older name of --export-date/);
  });

  it('leaves --as-of to score and sql, where it is the snapshot date', () => {
    expect(commandHelp('score')).toMatch(/--as-of DATE +snapshot date/);
    expect(COMMANDS.backtest.options).not.toHaveProperty('as-of');
  });

  it('sets the export date on the files that take one only: a churn flag, a score extract without a date', () => {
    const out = withExportDate(
      [{ mapping: flagged }, { mapping: usage }, { mapping: scoreExtract }, { mapping: datedScores }],
      { 'export-date': '2024-12-31' },
    );
    expect(out.map((c) => c.mapping.asOf)).toEqual(['2024-12-31', undefined, '2024-12-31', undefined]);
  });

  it('takes --churn-as-of as the same option, through the parser as a user types it', () => {
    const { values } = parseCommandLine(['--churn-as-of', '2024-12-31'], COMMANDS.backtest.options);
    expect(exportDateOption(values)).toBe('2024-12-31');
    const out = withExportDate([{ mapping: flagged }], values);
    expect(out[0]!.mapping.asOf).toBe('2024-12-31');
    expect(exportDateOption({ 'export-date': '2024-12-31', 'churn-as-of': '2024-12-31' })).toBe('2024-12-31');
  });

  it('leaves the mappings as they are when not given', () => {
    expect(withExportDate([{ mapping: flagged }], {})).toEqual([{ mapping: flagged }]);
  });

  it('refuses a bad date, two different dates, and a set of files none of which takes one, saying what to do', () => {
    expect(() => withExportDate([{ mapping: flagged }], { 'export-date': '31/12/2024' })).toThrow(
      '--export-date must be a date as YYYY-MM-DD, got 31/12/2024',
    );
    expect(() => withExportDate([{ mapping: flagged }], { 'churn-as-of': '2024-13-01' })).toThrow(
      '--churn-as-of must be a date as YYYY-MM-DD, got 2024-13-01',
    );
    expect(() =>
      withExportDate([{ mapping: flagged }], { 'export-date': '2024-12-31', 'churn-as-of': '2024-11-30' }),
    ).toThrow('--export-date 2024-12-31 and --churn-as-of 2024-11-30 are the same option: give one');
    expect(() =>
      withExportDate([{ mapping: usage }, { mapping: datedScores }], { 'export-date': '2024-12-31' }),
    ).toThrow(/no file needs an export date/);
  });
});

describe('a saved mapping with an export date, read by the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-export-date-'));
  const accounts = join(import.meta.dirname, 'fixtures', 'import', 'crm-accounts-churn-flag.csv');
  const usageFile = join(dir, 'usage.csv');
  const days = Array.from({ length: 400 }, (_, k) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10));
  writeFileSync(
    usageFile,
    ['account_id,date,logins', ...days.flatMap((d) => ['C-001', 'C-002', 'C-003'].map((a) => `${a},${d},3`))].join(
      '\n',
    ),
  );
  const mappingFile = join(dir, 'mapping.json');
  writeFileSync(
    mappingFile,
    JSON.stringify({
      format: MAPPING_FORMAT,
      version: 1,
      files: [
        {
          name: 'crm-accounts-churn-flag.csv',
          headers: ['Customer ID', 'Company Name', 'Plan', 'Signup Date', 'ARR', 'Churn', 'Cancelled At'],
          read: { format: 'csv' },
          mapping: {
            entity: 'accounts',
            columns: { account_id: 'Customer ID', signup_date: 'Signup Date', arr: 'ARR', churned: 'Churn' },
            dateFormats: { signup_date: 'iso' },
            asOf: '2025-01-31',
          },
        },
        {
          name: 'usage.csv',
          headers: ['account_id', 'date', 'logins'],
          read: { format: 'csv' },
          mapping: {
            entity: 'usage_daily',
            columns: { account_id: 'account_id', date: 'date', logins: 'logins' },
            dateFormats: { date: 'iso' },
          },
        },
      ],
    }),
  );
  const stderrOf = async (o: DataOptions) => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      (await loadData(o)).close();
    } finally {
      spy.mockRestore();
    }
    return lines.join('');
  };

  it('names the saved date it dates churn at, and how to give this export its own', async () => {
    const err = await stderrOf({ data: [accounts, usageFile], mapping: mappingFile });
    expect(err).toContain(
      `crm-accounts-churn-flag.csv: dated at the export date 2025-01-31 saved in ${mappingFile}; if this is a newer export, pass --export-date YYYY-MM-DD`,
    );
  }, 60_000);

  it('says nothing of the saved date when --export-date gives one', async () => {
    const err = await stderrOf({ data: [accounts, usageFile], mapping: mappingFile, 'export-date': '2025-02-28' });
    expect(err).not.toContain('saved in');
  }, 60_000);
});
