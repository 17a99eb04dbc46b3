/**
 * The warehouse SQL's billing signals (engine/core/export/portableBilling.ts) on DuckDB, over a few
 * invoices placed at the windows' edges, every value worked out by hand. At the month-end 2025-03-31:
 * invoices due after 2024-03-31 (twelve months) are read for days overdue, due after 2024-09-30 (six)
 * for late payments; the amounts now are those issued after 2024-12-31, before those issued from
 * 2024-04-01 to 2024-12-31.
 */
import { describe, expect, it } from 'vitest';
import { portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, differences, fillTables, rowsByAccount, type Expected } from '../support/warehouseTables.js';
import type { Row } from './fixtures.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const invoice = (
  invoice_id: string,
  account_id: string,
  issued_date: string,
  due_date: string | null,
  paid_date: string | null,
  amount: number,
): Row => ({ invoice_id, account_id, issued_date, due_date, paid_date, amount, status: paid_date ? 'paid' : 'open' });

const signals = async (subscriptions = false) =>
  rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1, subscriptions }));

const BILLING_NULL: Expected = {
  max_days_overdue: null,
  late_payments_6m: null,
  payment_current: null,
  subscription_change: null,
};

describe('the warehouse billing signals at a month-end', () => {
  it('read each window to its edges: an invoice due, issued or paid on the as-of date counts, one after does not', async () => {
    await fillTables(database(), {
      accounts: [accountRow('B1'), accountRow('B2'), accountRow('B3')],
      invoices: [
        invoice('i1', 'B1', '2024-03-31', '2024-03-31', null, 1000), // exactly twelve months back: out
        invoice('i2', 'B1', '2024-04-01', '2024-04-01', '2024-04-01', 100),
        invoice('i3', 'B1', '2024-09-30', '2024-09-30', '2024-10-05', 100), // paid late, due exactly six months back
        invoice('i4', 'B1', '2024-10-01', '2024-10-01', '2024-10-03', 100), // paid late
        invoice('i5', 'B1', '2024-12-31', '2025-01-15', '2025-01-15', 100), // issued exactly three months back: before
        invoice('i6', 'B1', '2025-01-01', '2025-02-01', AS_OF, 200), // paid late, on the as-of date
        invoice('i7', 'B1', '2025-03-01', '2025-03-10', '2025-04-01', 300), // paid the day after: 21 days overdue
        invoice('i8', 'B1', AS_OF, AS_OF, null, 400), // due on the as-of date: not late yet
        invoice('i9', 'B1', '2025-04-01', '2025-04-01', null, 5000), // issued the day after: nowhere
        invoice('j1', 'B2', '2025-02-01', '2025-02-15', '2025-02-10', 50),
      ],
    });
    expect(
      differences(await signals(), {
        B1: {
          max_days_overdue: 21,
          late_payments_6m: 3,
          payment_current: 0,
          subscription_change: (200 + 300 + 400) / 3 / ((100 + 100 + 100 + 100) / 4),
        },
        // Paid before its due date; nothing issued before 2025 to compare with.
        B2: { max_days_overdue: 0, late_payments_6m: 0, payment_current: 1, subscription_change: null },
        // No invoice of its own: nothing overdue, no change to tell.
        B3: { max_days_overdue: 0, late_payments_6m: 0, payment_current: 1, subscription_change: null },
      }),
    ).toEqual([]);
  });

  it('invoices without due or paid dates leave payment behaviour unavailable, not 0', async () => {
    await fillTables(database(), {
      accounts: [accountRow('B4')],
      invoices: [
        invoice('k1', 'B4', '2024-06-01', null, null, 100),
        invoice('k2', 'B4', '2025-02-01', null, null, 150),
      ],
    });
    expect(differences(await signals(), { B4: { ...BILLING_NULL, subscription_change: 150 / 100 } })).toEqual([]);
  });

  it('without invoices, every billing signal is unavailable', async () => {
    await fillTables(database(), { accounts: [accountRow('B5')] });
    expect(differences(await signals(), { B5: BILLING_NULL })).toEqual([]);
  });

  it('with subscriptions, the change is ARR now against three months earlier; an account they do not describe reads its invoices', async () => {
    await fillTables(database(), {
      accounts: [accountRow('S1'), accountRow('S2')],
      subscriptions: [
        { subscription_id: 'base', account_id: 'S1', start_date: '2024-06-01', arr: 12000, billing_period: 'year' },
        { subscription_id: 'addon', account_id: 'S1', start_date: '2025-02-01', arr: 6000, billing_period: 'year' },
      ],
      invoices: [
        invoice('s1', 'S1', '2024-06-01', '2024-06-01', '2024-06-01', 100),
        invoice('s2', 'S1', '2025-02-01', '2025-02-01', '2025-02-01', 100),
        invoice('s3', 'S2', '2024-06-01', '2024-06-01', '2024-06-01', 100),
        invoice('s4', 'S2', '2025-02-01', '2025-02-01', '2025-02-01', 250),
      ],
    });
    expect(
      differences(await signals(true), {
        S1: { subscription_change: (12000 + 6000) / 12000, payment_current: 1 },
        S2: { subscription_change: 250 / 100, payment_current: 1 },
      }),
    ).toEqual([]);
  });
});
