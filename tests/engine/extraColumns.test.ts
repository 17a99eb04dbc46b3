/**
 * Extra columns feed custom signals: a Mixpanel event export (events keyed by distinct_id, reaching
 * their accounts through the people table) with two event properties the workbench has no role for,
 * plan_tier (a category) and duration_ms (a number, with typos in it). The saved mapping keeps both
 * (tests/fixtures/exports/mixpanel-properties.mapping.json); every bad cell is in the issue log at its
 * line; custom signals on them give the values worked out by hand below at 2025-03-31; the events
 * after that date change nothing there; and the warehouse SQL gives the same values on DuckDB and
 * PostgreSQL.
 *
 * The built-ins read events rolled up per day (usage_events); the extra columns stay one row per
 * event (product_events), so a count counts events and a mean is per event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomSignalSchema, type CustomSignal } from '../../engine/core/api/schema.js';
import { portableSignalColumns, portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { signalColumnName } from '../../engine/core/signals/catalog.js';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { EXPORT_TABLES, type TableSpec } from '../../engine/node/data/exportTables.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { choicesFromSavedMapping, planImport, proposeImport, readMappingFile } from '../../engine/node/import/plan.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { proposeExtraColumn } from '../../engine/core/import/extraColumns.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { rowIndex } from './fixtures.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineService } from '../../engine/node/service.js';
import { EngineRequestError } from '../../engine/node/service/errors.js';

const EXPORTS = join(import.meta.dirname, '..', 'fixtures', 'exports');
const DIR = join(EXPORTS, 'mixpanel-properties');
const MAPPING = join(EXPORTS, 'mixpanel-properties.mapping.json');
const AS_OF = '2025-03-31';
/** 2025-04-01T00:00:00Z: events from here on are after the snapshot date. */
const AFTER = 1_743_465_600;

const NWND = '0015g00000NWND';
const CNTS = '0015g00000CNTS';
const FBRK = '0015g00000FBRK';
const N = Number.NaN;

const def = (s: Omit<CustomSignal, 'label' | 'category' | 'direction'> & Partial<CustomSignal>): CustomSignal =>
  CustomSignalSchema.parse({ label: s.id, category: 'usage', direction: 'higher_is_healthier', ...s });

const SIGNALS: CustomSignal[] = [
  def({
    id: 'custom.duration_30d',
    table: 'product_events',
    column: 'x_duration_ms',
    aggregation: 'sum',
    window: 30,
    comparison: 'value',
  }),
  def({
    id: 'custom.duration_mean_90d',
    table: 'product_events',
    column: 'x_duration_ms',
    aggregation: 'mean',
    window: 90,
    comparison: 'value',
  }),
  def({
    id: 'custom.enterprise_events_90d',
    table: 'product_events',
    aggregation: 'count',
    where: { column: 'x_plan_tier', equals: ['ENTERPRISE '] },
    window: 90,
    comparison: 'value',
  }),
  def({
    id: 'custom.plan_tiers',
    table: 'product_events',
    column: 'x_plan_tier',
    aggregation: 'distinct_count',
    window: 'since_start',
    comparison: 'value',
  }),
];

/**
 * By hand, at 2025-03-31 (30 days: Mar 2 – Mar 31; 90 days: Jan 1 – Mar 31), from mixpanel-events.csv,
 * event by event:
 * - Northwind's events with a duration: Jan 10 1200, Feb 14 600 and 3000, Mar 1 5000, Mar 2 800 (its
 *   other event that day says "n/a": no duration), Mar 15 2,500 (read as 2500), Mar 31 400 (23:10 UTC:
 *   that day). 30 days: 800 + 2500 + 400 = 3700 (Mar 1 is the 31st day back); mean over 90 days
 *   13500 / 7. Its events' tiers: Jan 10 Team; Feb 14 Free, Team; Mar 1, Mar 2 (two), Mar 15, Mar 31
 *   Enterprise: 5 Enterprise events, 3 tiers.
 * - Contoso: Feb 3 600 Team; Mar 20 Team twice, 300 and "12 sec" (not a number). 30 days: 300;
 *   mean 450; no Enterprise event in the window (0, not missing: it has tiers); 1 tier.
 * - Fabrikam: logins only, never a tier or a duration: every signal unavailable (never 0).
 */
const BY_HAND: Record<string, Record<string, number>> = {
  [NWND]: {
    'custom.duration_30d': 3700,
    'custom.duration_mean_90d': Math.fround(13500 / 7),
    'custom.enterprise_events_90d': 5,
    'custom.plan_tiers': 3,
  },
  [CNTS]: {
    'custom.duration_30d': 300,
    'custom.duration_mean_90d': 450,
    'custom.enterprise_events_90d': 0,
    'custom.plan_tiers': 1,
  },
  [FBRK]: {
    'custom.duration_30d': N,
    'custom.duration_mean_90d': N,
    'custom.enterprise_events_90d': N,
    'custom.plan_tiers': N,
  },
};

async function load(dir: string): Promise<LoadedData> {
  const db = await openDatabase();
  try {
    const paths = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f));
    const { files } = await proposeImport(db, paths);
    const plan = planImport(files, choicesFromSavedMapping(readMappingFile(MAPPING), files, MAPPING));
    return await loadImportedData(
      plan.inputs,
      'mixpanel',
      () => undefined,
      () => false,
    );
  } finally {
    db.close();
  }
}

/** The same export without the events after the snapshot date. */
function withoutLaterEvents(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-extras-'));
  for (const f of readdirSync(DIR)) copyFileSync(join(DIR, f), join(dir, f));
  const lines = readFileSync(join(DIR, 'mixpanel-events.csv'), 'utf8').trimEnd().split('\n');
  const kept = lines.filter((l, i) => i === 0 || Number(l.split(',')[1]) < AFTER);
  expect(lines.length - kept.length).toBe(3);
  writeFileSync(join(dir, 'mixpanel-events.csv'), `${kept.join('\n')}\n`);
  return dir;
}

const valuesAt = (frame: SnapshotFrame, account: string, asOf: string) => {
  const i = rowIndex(frame, account, asOf);
  expect(i, `${account} at ${asOf}`).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(SIGNALS.map((s) => [s.id, frame.values[s.id]![i]!]));
};

let data: LoadedData;
let earlier: LoadedData;
let frame: SnapshotFrame;
beforeAll(async () => {
  data = await load(DIR);
  earlier = await load(withoutLaterEvents());
  frame = await data.frameAt('monthly', undefined, SIGNALS);
}, 120_000);
afterAll(() => {
  data?.close();
  earlier?.close();
});

describe('extra columns at import', () => {
  it('proposes the kinds from the column profile: a tier is a category, a duration with two typos a number', async () => {
    const db = await openDatabase();
    try {
      const sniffed = await sniffFile(db, join(DIR, 'mixpanel-events.csv'));
      const column = (name: string) => sniffed.columns.find((c) => c.name === name)!;
      expect(proposeExtraColumn(column('plan_tier'))).toEqual({
        column: 'plan_tier',
        name: 'plan_tier',
        kind: 'category',
      });
      expect(proposeExtraColumn(column('duration_ms'))).toEqual({
        column: 'duration_ms',
        name: 'duration_ms',
        kind: 'number',
      });
    } finally {
      db.close();
    }
  });

  it('keeps both one row per event, typed, as x_plan_tier and x_duration_ms; the daily usage rows carry neither', async () => {
    const types = async (table: string) =>
      (
        await data.db.conn.runAndReadAll(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' AND column_name LIKE 'x\\_%' ESCAPE '\\' ORDER BY 1`,
        )
      ).getRowsJson();
    expect(await types('product_events')).toEqual([
      ['x_duration_ms', 'DOUBLE'],
      ['x_plan_tier', 'VARCHAR'],
    ]);
    expect(await types('usage_events')).toEqual([]);
    expect(data.extraColumns.product_events).toEqual({ x_duration_ms: 'number', x_plan_tier: 'category' });
    // The dataset the app is told about carries them, so the "Add a signal" form offers them.
    expect(data.meta.extraColumns.product_events).toEqual({ x_duration_ms: 'number', x_plan_tier: 'category' });
    expect(data.meta.extraColumns.tickets).toEqual({});
    // Every event of the file, and Northwind's two on Mar 2 (800 and "n/a", both Enterprise) as two rows, in order.
    const count = (await data.db.conn.runAndReadAll('SELECT count(*)::INTEGER FROM product_events')).getRowsJson();
    expect(count).toEqual([[37]]);
    const day = (
      await data.db.conn.runAndReadAll(
        `SELECT x_duration_ms, x_plan_tier, event FROM product_events WHERE account_id = '${NWND}' AND date = DATE '2025-03-02' ORDER BY seq`,
      )
    ).getRowsJson();
    expect(day).toEqual([
      [800, 'Enterprise', 'Logged In'],
      [null, 'Enterprise', 'Dashboard Viewed'],
    ]);
  });

  it('logs every bad cell with its file, line and column, and every row is accounted for', async () => {
    const log = await issueSummary(data.db, 1000, 0);
    const events = log.issues
      .filter((i) => i.file === 'mixpanel-events.csv')
      .map((i) => `${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} (${i.action})`);
    expect(events).toEqual([
      '20 duration_ms "n/a" not a number (value set to missing)',
      '21 duration_ms "2,500" thousands separators removed (value coerced)',
      '22 duration_ms "12 sec" not a number (value set to missing)',
    ]);
    const summary = data.imported.find((f) => f.label === 'mixpanel-events.csv')!;
    expect([summary.rowsRead, summary.rowsLoaded, summary.rowsRejected]).toEqual([37, 37, 0]);
    for (const f of data.imported) expect(f.rowsRead, f.label).toBe(f.rowsLoaded + f.rowsRejected);
  });
});

describe('custom signals on extra columns', () => {
  it('give the values worked out by hand at the snapshot date', () => {
    expect(frame.meta.usageIntervalDays).toBe(1);
    for (const a of [NWND, CNTS, FBRK]) expect(valuesAt(frame, a, AS_OF), a).toEqual(BY_HAND[a]);
  });

  it('events after the snapshot date change nothing at it or before', async () => {
    const before = await earlier.frameAt('monthly', undefined, SIGNALS);
    const dates = before.meta.periods.filter((d) => d <= AS_OF);
    expect(dates).toContain(AS_OF);
    for (const d of dates)
      for (const a of [NWND, CNTS, FBRK]) expect(valuesAt(frame, a, d), `${a} at ${d}`).toEqual(valuesAt(before, a, d));
  });

  it('a signal on a column the data does not have, or of the wrong kind, is refused naming the signal and the table', async () => {
    const platform = def({
      id: 'custom.mobile_events',
      table: 'product_events',
      aggregation: 'count',
      where: { column: 'x_platform', equals: ['iOS'] },
      window: 30,
      comparison: 'value',
    });
    await expect(data.frameAt('monthly', undefined, [platform])).rejects.toThrow(
      'Custom signal custom.mobile_events ("custom.mobile_events") reads x_platform of product_events (Product events (one row each)), which the loaded data does not have: keep the column as an extra column named platform in the usage event export\'s mapping and import again, or change the signal',
    );
    const summed = def({
      id: 'custom.tier_sum',
      table: 'product_events',
      column: 'x_plan_tier',
      aggregation: 'sum',
      window: 30,
      comparison: 'value',
    });
    await expect(data.frameAt('monthly', undefined, [summed])).rejects.toThrow(
      'Custom signal custom.tier_sum ("custom.tier_sum"): sum reads number columns, but x_plan_tier of product_events (Product events (one row each)) is a category column: pick another aggregation or column',
    );
    // The same column on another table is not there either.
    const onTickets = def({ ...summed, id: 'custom.ticket_tier', table: 'tickets', aggregation: 'count' });
    expect(() =>
      portableSignalsSql({ ...sqlOptions(), customSignals: [onTickets], extraColumns: data.extraColumns }),
    ).toThrow(/custom.ticket_tier .* reads x_plan_tier of tickets \(Tickets\), which the loaded data does not have/);
  });
});

describe("custom signals on extra columns in the engine's requests", () => {
  it('a configuration reading one the loaded data lacks is refused, with the path of its definition', async () => {
    // The sample exports keep no extra column.
    const service = new EngineService({
      dataDir: join(import.meta.dirname, '..', '..', 'sample-data'),
      stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')),
    });
    try {
      await service.whenReady();
      const config = {
        ...DEFAULT_CONFIG,
        variants: undefined,
        customSignals: [SIGNALS[0]!],
        categories: DEFAULT_CONFIG.categories.map((c) =>
          c.id !== 'usage'
            ? c
            : {
                ...c,
                signals: [
                  ...c.signals,
                  { signal: SIGNALS[0]!.id, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 10_000 } },
                ],
              },
        ),
      };
      const refused = await service
        .call('evaluate', { config, backtest: DEFAULT_BACKTEST, asOf: AS_OF })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(EngineRequestError);
      expect((refused as EngineRequestError).issues).toEqual([
        {
          path: 'config.customSignals.0.column',
          message: expect.stringMatching(
            /^Custom signal custom.duration_30d \("custom.duration_30d"\) reads x_duration_ms of product_events \(Product events \(one row each\)\), which the loaded data does not have/,
          ) as string,
        },
      ]);
    } finally {
      await service.close();
    }
  }, 120_000);
});

/** The warehouse query's custom columns per account, from DuckDB rows or tab-separated psql output. */
function customColumnsOf(rows: Record<string, string | number | null>[]) {
  return Object.fromEntries(
    rows.map((r) => [
      String(r.account_id),
      Object.fromEntries(
        SIGNALS.map((s) => {
          const v = r[signalColumnName(s.id)];
          return [s.id, v === null || v === '' || v === undefined ? N : Number(v)];
        }),
      ),
    ]),
  );
}

const sqlOptions = () => ({
  asOf: AS_OF,
  usageIntervalDays: data.frame.meta.usageIntervalDays,
  customSignals: SIGNALS,
  extraColumns: data.extraColumns,
});

describe('custom signals on extra columns in the warehouse SQL', () => {
  it('says which extra columns the warehouse tables must carry', () => {
    expect(portableSignalsSql(sqlOptions())).toContain(
      '-- Custom signals read extra columns kept at import (product_events.x_duration_ms, product_events.x_plan_tier): the warehouse tables must carry them under these names and types.',
    );
  });

  it('on DuckDB: the values worked out by hand, with the later events in the tables', async () => {
    const rows = (await data.db.conn.runAndReadAll(portableSignalsSql(sqlOptions()))).getRowObjectsJson();
    expect(customColumnsOf(rows as Record<string, string | number | null>[])).toEqual(BY_HAND);
  });
});

describe.skipIf(!postgresAvailable())('custom signals on extra columns, on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    // The warehouse's events table carries the extra columns under the same names, after the fixed ones.
    const tables = [
      ...EXPORT_TABLES,
      {
        name: 'product_events',
        required: false,
        columns: {
          account_id: 'VARCHAR',
          date: 'DATE',
          seq: 'INTEGER',
          user_id: 'VARCHAR',
          event: 'VARCHAR',
          x_plan_tier: 'VARCHAR',
          x_duration_ms: 'DOUBLE',
        },
      } satisfies TableSpec,
    ];
    const dir = mkdtempSync(join(tmpdir(), 'hsw-pg-extras-'));
    mkdirSync(dir, { recursive: true });
    pg.psql(await exportTablesScript(data.db, tables, dir));
  }, 120_000);
  afterAll(() => pg?.stop());

  it('the same values as DuckDB and the snapshot build', () => {
    const rows = pg.rows(portableSignalsSql(sqlOptions()), portableSignalColumns(SIGNALS));
    expect(customColumnsOf(rows)).toEqual(BY_HAND);
  }, 60_000);
});
