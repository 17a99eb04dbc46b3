/**
 * A one-row-per-customer churn extract (tests/fixtures/exports/telco-churn: tenure, a churned yes/no,
 * no dates) is a first look, not a point-in-time backtest: its one snapshot is the export date, the
 * outcome is whether each account had churned by then, its own columns can be custom signals (read
 * as exported), and every result says plainly that measures and outcome come from the same date.
 * Expected values are read from the CSV here, not from the engine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { buildSnapshots } from '../../engine/node/snapshots/buildSnapshots.js';
import { addCustomSignals } from '../../engine/node/snapshots/customSignals.js';
import { loadedExtraColumns } from '../../engine/node/data/extraColumns.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { outcomeAt, type SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { TELCO_EXTRACT, TELCO_MAPPING } from '../support/telcoExtract.js';
import { portableSignalColumns, portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The extract's rows by customer id, straight from the file (no quoted commas in it). */
function extractRows(): Map<string, Record<string, string>> {
  const [head, ...lines] = readFileSync(TELCO_EXTRACT, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return new Map(
    lines.map((l) => {
      const v = l.split(',');
      const row = Object.fromEntries(cols.map((c, k) => [c, v[k]!]));
      return [row.customerID!, row];
    }),
  );
}

/** AUC by counting pairs (a churner scored riskier than a stayer: 1, a tie: ½), the textbook definition. */
function pairAuc(churnerRisk: number[], stayerRisk: number[]): number {
  let wins = 0;
  for (const c of churnerRisk) for (const s of stayerRisk) wins += c > s ? 1 : c === s ? 0.5 : 0;
  return wins / (churnerRisk.length * stayerRisk.length);
}

const config = ModelConfigSchema.parse({
  ...DEFAULT_CONFIG,
  name: 'Telco first look',
  variants: undefined,
  customSignals: [
    {
      id: 'custom.total_charges',
      label: 'Total charges',
      category: 'billing',
      table: 'accounts',
      column: 'x_total_charges',
      aggregation: 'last',
      window: 'since_start',
      comparison: 'value',
      direction: 'higher_is_healthier',
    },
    {
      id: 'custom.electronic_check',
      label: 'Pays by electronic check',
      category: 'billing',
      table: 'accounts',
      column: 'x_payment_method',
      aggregation: 'count',
      where: { column: 'x_payment_method', equals: ['electronic check'] },
      window: 'since_start',
      comparison: 'value',
      direction: 'higher_is_riskier',
    },
  ],
  categories: [
    {
      id: 'billing',
      name: 'Billing',
      weight: 100,
      // Linear over a range wider than any total charge: the score is a strictly increasing function of it.
      signals: [{ signal: 'custom.total_charges', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 9000 } }],
    },
  ],
}) satisfies ModelConfig;

let db: Database;
let frame: SnapshotFrame;
const rows = extractRows();

beforeAll(async () => {
  db = await openDatabase();
  const s = await sniffFile(db, TELCO_EXTRACT);
  await importFiles(
    db,
    [
      {
        path: TELCO_EXTRACT,
        label: 'telco-customer-churn.csv',
        read: s.read,
        columns: s.columns.map((c) => c.name),
        mapping: {
          ...TELCO_MAPPING,
          asOf: '2024-03-31',
          extras: [
            { column: 'TotalCharges', name: 'total_charges', kind: 'number' },
            { column: 'PaymentMethod', name: 'payment_method', kind: 'category' },
          ],
        },
      },
    ],
    () => undefined,
    () => false,
  );
  const built = await buildSnapshots(db);
  frame = await addCustomSignals(db, built, config.customSignals!, await loadedExtraColumns(db));
}, 120_000);
afterAll(() => db.close());

const row = (id: string) => {
  const a = frame.meta.accountIds.indexOf(id);
  for (let i = 0; i < frame.n; i++) if (frame.account[i] === a) return i;
  throw new Error(`no snapshot of ${id}`);
};

describe('a one-row-per-customer churn extract', () => {
  it('has one snapshot per customer, at the export date, churned ones included', () => {
    expect(frame.meta.crossSectional).toBe(true);
    expect(frame.meta.periods).toEqual(['2024-03-31']);
    expect(frame.n).toBe(rows.size);
    expect([...frame.meta.accountIds].sort()).toEqual([...rows.keys()].sort());
  });

  it('labels each snapshot by whether the customer had churned by the export date, none censored', () => {
    for (const [id, r] of rows) {
      const label = outcomeAt(frame, row(id), DEFAULT_BACKTEST.horizonDays);
      expect([id, label]).toEqual([id, r.Churn === 'Yes' ? 1 : 0]);
    }
  });

  it("reads the extract's own columns as custom signals: the value as exported, and a category as 1 or 0", () => {
    for (const [id, r] of rows) {
      const i = row(id);
      // Blank (" ") for customers of tenure 0: unavailable, never 0.
      const charges = r.TotalCharges!.trim() === '' ? Number.NaN : Math.fround(Number(r.TotalCharges));
      expect([id, frame.values['custom.total_charges']![i]]).toEqual([id, charges]);
      expect([id, r.PaymentMethod, frame.values['custom.electronic_check']![i]]).toEqual([
        id,
        r.PaymentMethod,
        r.PaymentMethod === 'Electronic check' ? 1 : 0,
      ]);
    }
  });

  it('backtests every customer, its AUC the share of churner–stayer pairs ranked right', () => {
    const r = evaluateFrame(frame, config, DEFAULT_BACKTEST, '2024-03-31', 0);
    // The score rises with total charges (0 → 0, 9,000 → 100); a blank one scores neutral, 50, as 4,500 would.
    const charges = [...rows.values()].map((x) => ({
      churned: x.Churn === 'Yes',
      risk: -(x.TotalCharges!.trim() === '' ? 4500 : Number(x.TotalCharges)),
    }));
    expect(r.backtest.evaluated).toBe(40);
    expect(r.backtest.overall.positives).toBe(charges.filter((c) => c.churned).length);
    const auc = pairAuc(
      charges.filter((c) => c.churned).map((c) => c.risk),
      charges.filter((c) => !c.churned).map((c) => c.risk),
    );
    expect(r.backtest.auc).toBeCloseTo(auc, 12);
  });

  it('says in plain words that measures and outcome come from the same date, the verdict’s first serious finding', () => {
    const r = evaluateFrame(frame, config, DEFAULT_BACKTEST, '2024-03-31', 0);
    const w = r.backtest.warnings.find((x) => x.kind === 'same-date-outcome');
    expect(w?.message).toContain('Measures and outcome come from the same date (2024-03-31)');
    expect(w?.message).toContain('no point-in-time test');
    const v = verdictOf({ config, backtest: DEFAULT_BACKTEST, result: r });
    // Read first: whatever else the figures say, they do not show the score warning ahead of churn.
    expect(v.findings[0]).toMatchObject({ id: 'same-date-outcome', severity: 'serious' });
    // Nothing after the export date is known: no sentence speaks of churn within a horizon.
    expect(r.backtest.oneMoment).toBe('2024-03-31');
    const words = v.findings.map((f) => f.sentence).join('\n');
    expect(words).not.toMatch(/within \d+ days/);
    expect(words).toContain('Accounts that had churned by 2024-03-31, per tier:');
  });
});

/**
 * The warehouse SQL scores the accounts active at the date (the 30 who had not churned) and reads the
 * accounts table's kept columns as exported: the file's values, on DuckDB and on PostgreSQL.
 */
const sqlOptions = async () => ({
  asOf: '2024-03-31',
  usageIntervalDays: 1,
  customSignals: config.customSignals!,
  extraColumns: await loadedExtraColumns(db),
  accountsExportDate: '2024-03-31',
});

/** Per account still a customer at the export date: its total charges and electronic-check flag, from the file. */
function expectedStayers(): Record<string, [number, number]> {
  return Object.fromEntries(
    [...rows.values()]
      .filter((r) => r.Churn === 'No')
      .map((r) => [
        r.customerID!,
        [
          r.TotalCharges!.trim() === '' ? Number.NaN : Math.fround(Number(r.TotalCharges)),
          r.PaymentMethod === 'Electronic check' ? 1 : 0,
        ],
      ]),
  );
}

const byAccount = (out: Record<string, unknown>[]) =>
  Object.fromEntries(
    out.map((r) => {
      const num = (v: unknown) => (v === null || v === '' || v === undefined ? Number.NaN : Number(v));
      return [String(r.account_id), [num(r.custom_total_charges), num(r.custom_electronic_check)]];
    }),
  );

describe('the first look in the warehouse SQL', () => {
  it('on DuckDB: the customers active at the date, with the values of the file', async () => {
    const out = (await db.conn.runAndReadAll(portableSignalsSql(await sqlOptions()))).getRowObjectsJson();
    expect(out).toHaveLength(30);
    expect(byAccount(out as Record<string, unknown>[])).toEqual(expectedStayers());
  });
  it('says it reads the accounts table as exported on that date', async () => {
    expect(portableSignalsSql(await sqlOptions())).toContain(
      '-- Custom signals read the accounts table as exported on 2024-03-31: known from that date, unavailable before it.',
    );
  });
});

describe.skipIf(!postgresAvailable())('the first look in the warehouse SQL, on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    // The warehouse's accounts table carries the kept columns under the same names, after the fixed ones.
    const tables = EXPORT_TABLES.map((t) =>
      t.name === 'accounts'
        ? { ...t, columns: { ...t.columns, x_total_charges: 'DOUBLE', x_payment_method: 'VARCHAR' } }
        : t,
    );
    pg.psql(await exportTablesScript(db, tables, mkdtempSync(join(tmpdir(), 'hsw-pg-telco-'))));
  }, 120_000);
  afterAll(() => pg?.stop());

  it('the same values as DuckDB and the file', async () => {
    const o = await sqlOptions();
    const out = pg.rows(portableSignalsSql(o), portableSignalColumns(o.customSignals));
    // Rounded to 32-bit floats in the query, as the engine's frame stores them.
    expect(byAccount(out)).toEqual(expectedStayers());
  }, 60_000);
});
