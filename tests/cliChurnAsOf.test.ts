import { describe, expect, it } from 'vitest';
import { withChurnAsOf } from '../cli/readOptions.js';
import { COMMANDS } from '../cli/commands.js';
import type { FileMapping } from '../engine/core/api/importSchema.js';

const flagged: FileMapping = {
  entity: 'accounts',
  columns: { account_id: 'Customer ID', churned: 'Churn' },
  dateFormats: {},
};
const usage: FileMapping = { entity: 'usage_daily', columns: { account_id: 'a', date: 'd' }, dateFormats: {} };

describe('--churn-as-of', () => {
  it('is offered wherever files are read through a mapping', () => {
    expect(COMMANDS.map.options).toHaveProperty('churn-as-of');
    expect(COMMANDS.backtest.options).toHaveProperty('churn-as-of');
  });

  it('sets the export date on the files with a churn flag only', () => {
    const out = withChurnAsOf([{ mapping: flagged }, { mapping: usage }], { 'churn-as-of': '2024-12-31' });
    expect(out.map((c) => c.mapping.churnAsOf)).toEqual(['2024-12-31', undefined]);
  });

  it('leaves the mappings as they are when not given', () => {
    expect(withChurnAsOf([{ mapping: flagged }], {})).toEqual([{ mapping: flagged }]);
  });

  it('refuses a date that is not YYYY-MM-DD, and a flagless set of files, saying what to do', () => {
    expect(() => withChurnAsOf([{ mapping: flagged }], { 'churn-as-of': '31/12/2024' })).toThrow(
      '--churn-as-of must be a date as YYYY-MM-DD, got 31/12/2024',
    );
    expect(() => withChurnAsOf([{ mapping: usage }], { 'churn-as-of': '2024-12-31' })).toThrow(
      /no file has a churn flag or status column mapped/,
    );
  });
});
