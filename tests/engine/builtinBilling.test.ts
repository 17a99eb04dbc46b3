/**
 * The billing built-ins as definitions (engine/core/signals/builtinBilling.ts): one per signal, each
 * invoice aggregate run on DuckDB over hand-made invoices at one as-of date, and each rendered signal
 * over hand-made aggregates: unavailable, 0 or its value exactly where the rules say. The snapshot and
 * warehouse SQL render these same definitions.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, firstColumn, specDatabase } from '../support/builtinSpecs.js';
import { SIGNALS, SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import {
  BILLING_SIGNALS,
  billingMonthsRead,
  billingSignalSql,
  invoiceAggregateName,
  invoiceAggregateSql,
  invoiceAggregates,
  invoiceReachSql,
  type BillingRefs,
  type BillingSignal,
  type InvoiceAggregate,
  type InvoiceRowRefs,
  type InvoicesCarry,
} from '../../engine/core/signals/builtinBilling.js';

const BILLING_IDS: SignalId[] = ['max_days_overdue', 'late_payments_6m', 'payment_current', 'subscription_change'];

const byId = (id: SignalId): BillingSignal => definitionOf(BILLING_SIGNALS, id);

const database = specDatabase();

const lit = (v: number | string | boolean | null | undefined) =>
  v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `DATE '${v}'` : String(v);

const column = (sql: string) => firstColumn(database(), sql);

describe('the billing built-in definitions', () => {
  it('define each signal of the billing family exactly once, and nothing outside SIGNAL_IDS', () => {
    const ids = BILLING_SIGNALS.map((s) => s.id);
    expect([...ids].sort()).toEqual([...BILLING_IDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SIGNAL_IDS).toContain(id);
  });

  it('ask a query for one aggregate per window they read, over 12, 6 and 3 months', () => {
    expect(invoiceAggregates().map(invoiceAggregateName)).toEqual([
      'most_days_unpaid_12',
      'late_6',
      'mean_amount_3_0',
      'mean_amount_12_3',
    ]);
    expect(billingMonthsRead()).toEqual([3, 6, 12]);
  });
});

describe('an invoice aggregate at 2025-06-30', () => {
  /** Invoices: issued, due, paid, amount. */
  const INVOICES: [string, string | null, string | null, number][] = [
    ['2025-05-01', '2025-05-31', '2025-05-20', 100], // paid early
    ['2025-05-15', '2025-06-14', null, 100], // unpaid: 16 days overdue at the date
    ['2025-06-01', '2025-06-30', '2025-07-02', 100], // due on the date, paid after it: 0 days, not yet late
    ['2025-02-01', '2025-03-03', '2025-03-10', 50], // paid 7 days late, 4 months back
    ['2024-11-01', '2024-12-01', '2025-06-29', 50], // paid late, 7 months back: beyond the 6 months
    ['2024-06-01', '2024-06-30', null, 50], // due exactly 12 months back: outside the window
  ];
  const ROW: InvoiceRowRefs = {
    due: 'due',
    paid: 'paid',
    issued: 'issued',
    amount: 'amount',
    asOf: "DATE '2025-06-30'",
    monthsBefore: (n) => `(DATE '2025-06-30' - INTERVAL ${n} MONTH)`,
    daysTo: (date) => `date_diff('day', ${date}, DATE '2025-06-30')`,
  };
  const table = `(VALUES ${INVOICES.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}) i(issued, due, paid, amount)`;
  const aggregate = async (a: InvoiceAggregate) =>
    (await column(`SELECT ${invoiceAggregateSql(a, ROW)} FROM ${table} WHERE ${invoiceReachSql(ROW)}`))[0];

  it('finds the most days an invoice due in the last 12 months had gone unpaid', async () => {
    expect(await aggregate({ of: 'most_days_unpaid', months: 12 })).toBe(16);
  });

  it('counts invoices due in the last 6 months, before the date, paid late or not yet', async () => {
    expect(await aggregate({ of: 'late', months: 6 })).toBe(2);
  });

  it('averages the amounts issued in the last 3 months and in the 9 before', async () => {
    expect(await aggregate({ of: 'mean_amount', fromMonths: 3, toMonths: 0 })).toBe(100);
    // Issued 2024-11-01 and 2025-02-01; the one issued 2024-06-01 is over 12 months back.
    expect(await aggregate({ of: 'mean_amount', fromMonths: 12, toMonths: 3 })).toBe(50);
  });
});

describe('a rendered billing signal', () => {
  interface Toy {
    unpaid?: number | null;
    late?: number | null;
    now?: number | null;
    before?: number | null;
    /** With subscriptions: whether they describe the account, its ARR now and 3 months earlier. */
    subs?: [boolean, number | null, number | null];
    missing?: InvoicesCarry[];
  }
  const CARRIED: InvoicesCarry[] = ['invoices', 'due_date', 'paid_date'];
  const COLUMN: Record<string, string> = {
    most_days_unpaid_12: 'unpaid',
    late_6: 'late',
    mean_amount_3_0: 'now',
    mean_amount_12_3: 'before',
  };

  async function values(id: SignalId, toys: Toy[], withSubscriptions = false): Promise<(number | null)[]> {
    const refs: BillingRefs = {
      carries: (what) => `has_${what}`,
      aggregate: (a) => COLUMN[invoiceAggregateName(a)] ?? 'missing_column',
      subscriptions: withSubscriptions ? { describes: 'by_subs', arrNow: 'arr_now', arrBefore: 'arr_before' } : null,
    };
    const rows = toys.map((t, i) => {
      const [bySubs, arrNow, arrBefore] = t.subs ?? [false, null, null];
      const cells = [
        ...[t.unpaid, t.late, t.now, t.before, arrNow, arrBefore].map((v) => `${lit(v)}::DOUBLE`),
        String(bySubs),
        ...CARRIED.map((c) => String(!(t.missing ?? []).includes(c))),
      ];
      return `(${i}, ${cells.join(', ')})`;
    });
    const names = [
      'i',
      'unpaid',
      'late',
      'now',
      'before',
      'arr_now',
      'arr_before',
      'by_subs',
      ...CARRIED.map((c) => `has_${c}`),
    ];
    return column(
      `SELECT ${billingSignalSql(byId(id), refs)} FROM (VALUES ${rows.join(', ')}) t(${names.join(', ')}) ORDER BY i`,
    );
  }

  it('is the days overdue, 0 without invoices due or with a negative figure, unavailable without due or paid dates', async () => {
    expect(
      await values('max_days_overdue', [
        { unpaid: 16 },
        {},
        { unpaid: -3 }, // paid dates before due dates can only mean 0 overdue
        { unpaid: 16, missing: ['due_date'] },
        { unpaid: 16, missing: ['paid_date'] },
        { missing: ['invoices'] },
      ]),
    ).toEqual([16, 0, 0, null, null, null]);
  });

  it('counts late payments, 0 without invoices due, unavailable without paid dates', async () => {
    expect(await values('late_payments_6m', [{ late: 2 }, {}, { late: 2, missing: ['paid_date'] }])).toEqual([
      2,
      0,
      null,
    ]);
  });

  it('is 1 when nothing due was unpaid at the date, else 0', async () => {
    expect(
      await values('payment_current', [{ unpaid: 16 }, { unpaid: 0 }, {}, { unpaid: 16, missing: ['due_date'] }]),
    ).toEqual([0, 1, 1, null]);
  });

  it('compares invoice amounts now with before, unavailable without both', async () => {
    expect(
      await values('subscription_change', [
        { now: 150, before: 100 },
        { now: null, before: 100 },
        { now: 150, before: 0 },
        { now: 150, before: null },
        { now: 150, before: 100, missing: ['invoices'] },
      ]),
    ).toEqual([1.5, null, null, null, null]);
  });

  it('compares ARR with 3 months earlier where subscriptions describe the account, invoices elsewhere', async () => {
    expect(
      await values(
        'subscription_change',
        [
          { subs: [true, 900, 1200] },
          { subs: [true, null, 1200] }, // everything has ended: 0
          { subs: [true, 900, null] }, // nothing 3 months earlier
          { subs: [true, 900, 1200], now: 150, before: 100, missing: ['invoices'] }, // invoices not needed
          { subs: [false, 900, 1200], now: 150, before: 100 },
        ],
        true,
      ),
    ).toEqual([0.75, 0, null, 0.75, 1.5]);
  });
});

describe('the catalogue descriptions', () => {
  /** What a description must mention, from what the definition reads (6 months read as 180 days). */
  const mentions = (s: BillingSignal): string[] => {
    const v = s.value;
    const read =
      v.kind === 'change'
        ? `${v.now.of === 'mean_amount' ? v.now.fromMonths : 0} months up to the as-of date`
        : v.kind === 'count'
          ? `last ${v.count.of === 'late' ? v.count.months * 30 : 0} days`
          : `${v.unpaid.of === 'most_days_unpaid' ? v.unpaid.months : 0} months up to the as-of date`;
    return [read, ...(s.unavailableWithout.includes('due_date') ? ['due or paid dates'] : [])];
  };

  it.each(BILLING_SIGNALS.map((s) => [s.id, s] as const))('%s names what its definition reads', (id, s) => {
    const description = SIGNALS.find((d) => d.id === id)?.description ?? '';
    for (const phrase of mentions(s)) expect(description).toContain(phrase);
  });
});
