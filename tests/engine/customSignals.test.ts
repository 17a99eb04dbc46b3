/**
 * Custom signals, worked out by hand on a small export shaped like a Zendesk ticket export, a
 * Stripe invoice list and weekly product-usage rows: every aggregation, windows from 7 days to
 * "since start", every comparison, the row exactly on the snapshot date (in) and the day after
 * (out), rows planted after the snapshot (they change nothing), missing as unavailable (never 0),
 * and the warehouse SQL giving the same values on DuckDB and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomSignalSchema, ModelConfigSchema, type CustomSignal } from '../../engine/core/api/schema.js';
import { portableSignalColumns, portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { signalColumnName, type CustomSignalId } from '../../engine/core/signals/catalog.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { rowIndex, weeklyUsage, writeExports, type Row, type Tables } from './fixtures.js';

const AS_OF = '2025-03-31';

const def = (s: Omit<CustomSignal, 'label' | 'category' | 'direction'> & Partial<CustomSignal>): CustomSignal =>
  CustomSignalSchema.parse({ label: s.id, category: 'support', direction: 'higher_is_riskier', ...s });

const SIGNALS: CustomSignal[] = [
  def({
    id: 'custom.p1_90d',
    table: 'tickets',
    aggregation: 'count',
    where: { column: 'priority', equals: ['p1'] },
    window: 90,
    comparison: 'value',
  }),
  def({ id: 'custom.tickets_trend', table: 'tickets', aggregation: 'count', window: 90, comparison: 'trend' }),
  def({
    id: 'custom.csat_90d',
    table: 'tickets',
    column: 'csat',
    aggregation: 'mean',
    window: 90,
    comparison: 'value',
  }),
  def({
    id: 'custom.csat_max_365d',
    table: 'tickets',
    column: 'csat',
    aggregation: 'max',
    window: 365,
    comparison: 'value',
  }),
  def({
    id: 'custom.csat_min_ever',
    table: 'tickets',
    column: 'csat',
    aggregation: 'min',
    window: 'since_start',
    comparison: 'value',
  }),
  def({
    id: 'custom.csat_last',
    table: 'tickets',
    column: 'csat',
    aggregation: 'last',
    window: 'since_start',
    comparison: 'value',
  }),
  def({
    id: 'custom.escalated_180d',
    table: 'tickets',
    column: 'escalated',
    aggregation: 'share_true',
    window: 180,
    comparison: 'value',
  }),
  def({
    id: 'custom.priorities',
    table: 'tickets',
    column: 'priority',
    aggregation: 'distinct_count',
    window: 'since_start',
    comparison: 'value',
  }),
  def({
    id: 'custom.logins_7d_seat',
    table: 'usage_events',
    column: 'logins',
    aggregation: 'sum',
    window: 7,
    comparison: 'per_seat',
    category: 'usage',
  }),
  def({
    id: 'custom.logins_30d_yoy',
    table: 'usage_events',
    column: 'logins',
    aggregation: 'mean',
    window: 30,
    comparison: 'last_year',
    category: 'usage',
  }),
  def({
    id: 'custom.billed_90d_user',
    table: 'invoices',
    column: 'amount',
    aggregation: 'sum',
    window: 90,
    comparison: 'per_active_user',
    category: 'billing',
  }),
];

const N = Number.NaN;
/**
 * By hand at 2025-03-31. A1's tickets: T1 opened that evening (P1, escalated, CSAT 5 given on closing
 * 2 April, so not yet known), T2 the next morning (out), T3 on 1 January (89 days before: in the 90
 * days; P2, CSAT 3 on 5 January), T4 on 31 December (90 days before: out of the 90, in the previous
 * 90; P1, escalated, CSAT 4 on 2 January), T5 on 15 March (P1, CSAT 2 on 20 March). A2 has one
 * ticket in June 2024 (P3, no CSAT, escalation left blank) and no invoices; A3 nothing but usage.
 * Usage rows are weekly (known at the Sunday ending them): A1 logs in 10 a week in 2025, 5 in 2024;
 * A3 8 all along; 5 active users each; seats 10, none and 4.
 */
const BY_HAND: Record<CustomSignalId, [number, number, number]> = {
  'custom.p1_90d': [2, 0, N], // T1 and T5; T4 is 90 days back; A2 has tickets, none P1 now: 0; A3 none: unavailable
  'custom.tickets_trend': [3, N, N], // T1, T3, T5 against T4 alone; A2 has none in either window: no trend
  'custom.csat_90d': [3, N, N], // (3 + 2 + 4) / 3; T1's 5 comes on 2 April; A2's ticket was never rated
  'custom.csat_max_365d': [4, N, N],
  'custom.csat_min_ever': [2, N, N],
  'custom.csat_last': [2, N, N], // T5, closed 20 March, is the latest rating known
  'custom.escalated_180d': [0.5, N, N], // T1 and T4 of T1, T3, T4, T5; A2's flag is blank
  'custom.priorities': [2, 1, N], // P1, P2 (T2 is tomorrow's); A2 P3
  'custom.logins_7d_seat': [1, N, 2], // the row of 24 March (known 30 March): 10 / 10 seats; A2 has no seats; 8 / 4
  'custom.logins_30d_yoy': [2, N, 1], // 10 a week in March 2025 against 5 in March 2024; A2 never logs in
  'custom.billed_90d_user': [30, N, N], // (100 on 31 March + 50 on 1 February) / 5 users; 1,000 on 1 April is out
};

function tables(): Tables {
  const accounts: Row[] = [
    { account_id: 'A1', name: 'Acme', segment: 'SMB', signup_date: '2024-01-01', arr: 12000, seats: 10 },
    { account_id: 'A2', name: 'Bolt', segment: 'SMB', signup_date: '2024-01-01', arr: 6000, seats: null },
    { account_id: 'A3', name: 'Cove', segment: 'SMB', signup_date: '2024-01-01', arr: 3000, seats: 4 },
  ];
  const usage = [
    ...weeklyUsage('A1', '2024-01-01', 66, (d) => (d >= '2025-01-01' ? 10 : 5)),
    ...weeklyUsage('A2', '2024-01-01', 66, () => 0).map((r) => ({ ...r, logins: null })),
    ...weeklyUsage('A3', '2024-01-01', 66, () => 8),
  ];
  const t = (
    id: string,
    account: string,
    opened: string,
    priority: string,
    escalated: boolean | null,
    csat: number | null,
    closed: string | null,
  ): Row => ({
    ticket_id: id,
    account_id: account,
    opened_at: opened,
    closed_at: closed,
    priority,
    csat,
    escalated,
  });
  const tickets = [
    t('T1', 'A1', '2025-03-31 23:00:00', 'P1', true, 5, '2025-04-02 10:00:00'),
    t('T2', 'A1', '2025-04-01 00:30:00', 'P1', true, 1, '2025-04-01 08:00:00'),
    t('T3', 'A1', '2025-01-01 09:00:00', 'P2', false, 3, '2025-01-05 12:00:00'),
    t('T4', 'A1', '2024-12-31 09:00:00', 'P1', true, 4, '2025-01-02 12:00:00'),
    t('T5', 'A1', '2025-03-15 09:00:00', 'P1', false, 2, '2025-03-20 12:00:00'),
    t('T6', 'A2', '2024-06-01 09:00:00', 'P3', null, null, '2024-06-03 12:00:00'),
  ];
  const inv = (id: string, date: string, amount: number): Row => ({
    invoice_id: id,
    account_id: 'A1',
    issued_date: date,
    due_date: date,
    paid_date: date,
    amount,
    status: 'paid',
  });
  const invoices = [inv('in_1', '2025-03-31', 100), inv('in_2', '2025-04-01', 1000), inv('in_3', '2025-02-01', 50)];
  return { accounts, usage_events: usage, tickets, invoices, churn: [] };
}

/** The same export with rows dated after the snapshot: a flood of tickets, invoices and usage from April on. */
function withFutureRows(base: Tables): Tables {
  const later = ['2025-04-01 00:00:01', '2025-04-15 10:00:00', '2025-05-20 10:00:00'];
  return {
    ...base,
    tickets: [
      ...base.tickets!,
      ...['A1', 'A2', 'A3'].flatMap((a) =>
        later.map((d, k) => ({
          ticket_id: `F-${a}-${k}`,
          account_id: a,
          opened_at: d,
          closed_at: d,
          priority: 'P1',
          csat: 1,
          escalated: true,
        })),
      ),
    ],
    invoices: [
      ...base.invoices!,
      ...['A2', 'A3'].map((a) => ({
        invoice_id: `F-${a}`,
        account_id: a,
        issued_date: '2025-04-02',
        due_date: '2025-04-02',
        paid_date: null,
        amount: 9999,
        status: 'open',
      })),
    ],
    usage_events: [
      ...base.usage_events!,
      ...['A1', 'A2', 'A3'].flatMap((a) => weeklyUsage(a, '2025-04-07', 8, () => 999)),
    ],
  };
}

const configWith = (signals: CustomSignal[]) =>
  ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'Custom',
    missing: 'neutral',
    tiers: {
      id: 't',
      name: 'T',
      tiers: [
        { id: 'green', name: 'Green', color: '#2f9e44', min: 70 },
        { id: 'red', name: 'Red', color: '#e03131', min: 0 },
      ],
    },
    customSignals: signals,
    categories: [
      {
        id: 'support',
        name: 'Support',
        weight: 100,
        signals: signals.map((s) => ({
          signal: s.id,
          weight: 1,
          normalisation: { kind: 'linear', worst: 0, best: 5 },
        })),
      },
    ],
  });

let data: LoadedData;
let future: LoadedData;
let frame: SnapshotFrame;
beforeAll(async () => {
  data = await loadWorkbenchData(writeExports(tables()));
  future = await loadWorkbenchData(writeExports(withFutureRows(tables())));
  frame = await data.frameAt('monthly', undefined, SIGNALS);
}, 60_000);
afterAll(() => {
  data?.close();
  future?.close();
});

const valuesAt = (f: SnapshotFrame, account: string, asOf: string) => {
  const i = rowIndex(f, account, asOf);
  if (i < 0) throw new Error(`no snapshot for ${account} at ${asOf}`);
  return Object.fromEntries(SIGNALS.map((s) => [s.id, f.values[s.id]![i]!]));
};

describe('custom signals in the snapshot build', () => {
  it('every aggregation, window and comparison matches the hand-worked values', () => {
    expect(frame.meta.periods).toContain(AS_OF);
    (['A1', 'A2', 'A3'] as const).forEach((account, k) => {
      const want = Object.fromEntries(SIGNALS.map((s) => [s.id, BY_HAND[s.id]![k]!]));
      expect(valuesAt(frame, account, AS_OF), account).toEqual(want);
    });
  });

  it('keeps the built-in columns as they were and adds one column per custom signal', () => {
    expect(frame.meta.signals).toEqual([...data.frame.meta.signals, ...SIGNALS.map((s) => s.id)]);
    expect(Array.from(frame.values.logins_trend)).toEqual(Array.from(data.frame.values.logins_trend));
    expect(data.frame.values['custom.p1_90d']).toBeUndefined();
  });

  it('keeps the frames of the last three sets of definitions, the most recently used staying longest', async () => {
    const at = (k: number) => data.frameAt('monthly', undefined, [SIGNALS[k]!]);
    const first = at(0);
    expect(at(0)).toBe(first); // asked again: the same frame, not a rebuild
    const second = at(1);
    await Promise.all([first, second, at(2)]); // with the set built at start, four sets: the oldest goes
    expect(at(0)).toBe(first); // used again, so now the newest
    await at(3); // pushes out the least recently used, the second set
    expect(at(0)).toBe(first);
    const again = at(1);
    expect(again).not.toBe(second);
    expect((await again).values[SIGNALS[1]!.id]).toEqual((await second).values[SIGNALS[1]!.id]);
  });

  it('rows planted after a snapshot date change nothing at it or before', async () => {
    const planted = await future.frameAt('monthly', undefined, SIGNALS);
    const dates = frame.meta.periods.filter((d) => d <= AS_OF);
    expect(dates.length).toBeGreaterThan(3);
    for (const d of dates)
      for (const a of ['A1', 'A2', 'A3'])
        expect(valuesAt(planted, a, d), `${a} at ${d}`).toEqual(valuesAt(frame, a, d));
    // The planted rows are there and do count once their day has come.
    expect(planted.meta.periods.at(-1)! > AS_OF).toBe(true);
    expect(valuesAt(planted, 'A3', planted.meta.periods.at(-1)!)['custom.priorities']).toBe(1);
  });

  it('scores a configuration that lists custom signals, and refuses one it does not define', async () => {
    const config = configWith(SIGNALS.slice(0, 2));
    expect(config.customSignals).toHaveLength(2);
    const bad = ModelConfigSchema.safeParse({ ...config, customSignals: [] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/"custom.p1_90d" is not defined: add it to customSignals/);
  });
});

describe('custom signal definitions', () => {
  it('name what is wrong with a definition', () => {
    const issues = (x: object) =>
      CustomSignalSchema.safeParse({
        id: 'custom.x',
        label: 'X',
        category: 'usage',
        direction: 'higher_is_healthier',
        window: 30,
        comparison: 'value',
        ...x,
      }).error?.issues.map((i) => i.message);
    expect(issues({ table: 'tickets', column: 'nope', aggregation: 'sum' })).toEqual(['tickets has no column "nope"']);
    expect(issues({ table: 'tickets', column: 'priority', aggregation: 'sum' })).toEqual([
      'sum reads number columns; tickets.priority is category',
    ]);
    expect(issues({ table: 'tickets', aggregation: 'mean' })).toEqual(['mean needs a column']);
    expect(issues({ table: 'tickets', aggregation: 'count', where: { column: 'csat', equals: ['5'] } })).toEqual([
      'tickets.csat is a number column; equals filters a category column',
    ]);
    expect(issues({ table: 'tickets', aggregation: 'count', window: 'since_start', comparison: 'trend' })).toEqual([
      'trend compares two windows of a set length; give window a number of days',
    ]);
    expect(issues({ table: 'invoices', column: 'status', aggregation: 'count' })).toEqual([
      'invoices has no column "status"',
    ]);
  });
});

/** The warehouse query's custom columns per account, from tab-separated psql output or DuckDB rows. */
function customColumnsOf(rows: Record<string, string | number | null>[]) {
  return Object.fromEntries(
    rows.map((r) => [
      String(r.account_id),
      Object.fromEntries(
        SIGNALS.map((s) => [
          s.id,
          r[signalColumnName(s.id)] === null || r[signalColumnName(s.id)] === ''
            ? N
            : Number(r[signalColumnName(s.id)]),
        ]),
      ),
    ]),
  );
}

const engineAtAsOf = () => Object.fromEntries(['A1', 'A2', 'A3'].map((a) => [a, valuesAt(frame, a, AS_OF)]));
const sqlOptions = () => ({
  asOf: AS_OF,
  usageIntervalDays: data.frame.meta.usageIntervalDays,
  customSignals: SIGNALS,
});

describe('custom signals in the warehouse SQL', () => {
  it('on DuckDB: the values of the snapshot build', async () => {
    const rows = (await data.db.conn.runAndReadAll(portableSignalsSql(sqlOptions()))).getRowObjectsJson();
    expect(customColumnsOf(rows as Record<string, string | number | null>[])).toEqual(engineAtAsOf());
  });
});

describe.skipIf(!postgresAvailable())('custom signals in the warehouse SQL, on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    pg.psql(await exportTablesScript(future.db, EXPORT_TABLES, mkdtempSync(join(tmpdir(), 'hsw-pg-custom-'))));
  }, 120_000);
  afterAll(() => pg?.stop());

  it('the same values as DuckDB and the snapshot build, with the planted future rows in the tables', () => {
    const rows = pg.rows(portableSignalsSql(sqlOptions()), portableSignalColumns(SIGNALS));
    expect(customColumnsOf(rows)).toEqual(engineAtAsOf());
  }, 60_000);
});
