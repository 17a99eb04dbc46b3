/**
 * The command line on a one-row-per-customer churn extract with tenure and no dates
 * (tests/fixtures/exports/telco-churn): `map` proposes it as the accounts with tenure counted
 * back from the export date; `backtest` loads every row and looks at the one moment (who had churned
 * by the export date), saying plainly that it is no point-in-time test and what to load for one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cli } from './support/cli.js';
import { TELCO_EXTRACT, TELCO_MAPPING } from './support/telcoExtract.js';

const file = TELCO_EXTRACT;

beforeAll(buildCli, 60_000);

describe('health-workbench on a one-row-per-customer churn extract with tenure', () => {
  it('map proposes the accounts, tenure as months before the export date, and says so', () => {
    const r = cli('map', file);
    expect(r.code).toBe(0);
    const proposed = JSON.parse(r.out) as { files: { name: string; mapping: unknown }[] };
    expect(proposed.files).toHaveLength(1);
    expect(proposed.files[0]!.mapping).toEqual(TELCO_MAPPING);
  });

  it('backtest without an export date stops, saying the churn and the tenure both need it', () => {
    const r = cli('backtest', '--data', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'telco-customer-churn.csv: column "tenure" counts months back from the export date, which is not given: give the export date',
    );
    expect(r.err).toContain('column "Churn" says which accounts churned but not when');
  });

  it('backtest loads every row and looks at the one moment, saying measures and outcome share its date', () => {
    const r = cli('backtest', '--data', file, '--export-date', '2024-03-31');
    expect(r.code).toBe(0);
    expect(r.err).toContain('telco-customer-churn.csv: 40 rows read, 40 loaded, 0 rejected, 90 values changed');
    expect(r.err).toContain(
      'tenure: start date counted back from the export date 2024-03-31 by the tenure in whole months → value coerced',
    );
    expect(r.out).toContain('One moment: 2024-03-31, outcome churned by that date (the date of the measures)');
    // Every customer once, the 10 marked Churn = Yes the churners (counted in the file: grep -c ',Yes$').
    expect(r.out).toContain('Evaluated 40 snapshots');
    expect(r.out).toMatch(/base rate 25\.0 %/);
    expect(r.out).toContain(
      'SERIOUS Measures and outcome come from the same date (2024-03-31): the export is one moment, so this is no point-in-time test.',
    );
    expect(r.out).toContain(
      'Next: Add an export over time with the same account ids (product usage by day or event, or a score history with dates) and import again.',
    );
  });

  it('backtest on accounts with tenure and no churn flag says so, not "0 churned"', () => {
    const only = join(mkdtempSync(join(tmpdir(), 'hsw-tenure-cli-')), 'customers.csv');
    writeFileSync(
      only,
      'customerID,Contract,tenure,MonthlyCharges\n7590-VHVEG,Month-to-month,1,29.85\n5575-GNVDE,One year,34,56.95\n',
    );
    const r = cli('backtest', '--data', only, '--export-date', '2024-05-31');
    expect(r.code).toBe(1);
    expect(r.err).toContain('customers.csv: 2 rows read, 2 loaded, 0 rejected, 4 values changed');
    expect(r.err.trim().split('\n').pop()).toMatch(
      /^customers\.csv is one moment: 2 accounts, none known to have churned\. Nothing in it says how an account was doing/,
    );
  });
});
