/**
 * Whether an import loaded any outcome to backtest against (the Data tab warns
 * when it did not): churns from churn rows, a churned yes/no column or ended
 * subscriptions, and renewals that did not happen by the end of the data.
 * Counted by hand on a four-account export observed through 2025-04-30.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DataQuality } from '../../engine/core/api/importSchema.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import { weeklyUsage, writeExports, type Row } from './fixtures.js';

const open: LoadedData[] = [];
afterAll(() => open.forEach((d) => d.close()));

const account = (id: string, extra: Partial<Row> = {}): Row => ({
  account_id: id,
  name: `Account ${id}`,
  segment: 'SMB',
  signup_date: '2024-06-01',
  arr: 1000,
  seats: 5,
  ...extra,
});

async function outcomeEvents(tables: {
  accounts?: Row[];
  churn?: Row[];
  renewals?: Row[];
}): Promise<DataQuality['outcomeEvents']> {
  const data = await loadWorkbenchData(
    writeExports({
      accounts: tables.accounts ?? ['O1', 'O2', 'O3', 'O4'].map((id) => account(id)),
      // Usage to 2025-04-23 and an invoice on 2025-04-30: the data ends 2025-04-30.
      usage_events: ['O1', 'O2', 'O3', 'O4'].flatMap((id) => weeklyUsage(id, '2025-01-01', 17, () => 5)),
      invoices: [
        {
          invoice_id: 'I1',
          account_id: 'O1',
          issued_date: '2025-04-30',
          due_date: '2025-05-30',
          paid_date: null,
          amount: 100,
          status: 'open',
        },
      ],
      churn: tables.churn ?? [],
      renewals: tables.renewals ?? [],
    }),
  );
  open.push(data);
  const dq = await dataQuality(data.db, data.frame);
  expect(dq.asOf).toBe('2025-04-30');
  return dq.outcomeEvents;
}

describe('outcomes loaded by an import', () => {
  it('finds none when no churn row, churned flag or missed renewal was loaded (the Data tab then warns)', async () => {
    // Renewals that happened are no outcome to judge a score against.
    const renewals = [
      { account_id: 'O1', renewal_date: '2025-03-01', renewed: true },
      { account_id: 'O2', renewal_date: '2025-04-01', renewed: true },
    ];
    expect(await outcomeEvents({ renewals })).toEqual({ churns: 0, missedRenewals: 0 });
  });

  it('counts each churn row of a loaded account as a churn', async () => {
    const churn = [
      { account_id: 'O2', churn_date: '2025-03-01', reason: 'Budget' },
      { account_id: 'O3', churn_date: '2025-04-10', reason: 'Moved to a competitor' },
    ];
    expect(await outcomeEvents({ churn })).toEqual({ churns: 2, missedRenewals: 0 });
  });

  it('counts a churned yes/no column on the accounts export, with its date, as churns', async () => {
    const accounts = [
      account('O1', { churned: 'no', churn_date: null }),
      account('O2', { churned: 'yes', churn_date: '2025-03-15' }),
      account('O3', { churned: 'no', churn_date: null }),
      account('O4', { churned: 'no', churn_date: null }),
    ];
    expect(await outcomeEvents({ accounts })).toEqual({ churns: 1, missedRenewals: 0 });
  });

  it('counts the renewals that did not happen, and only those', async () => {
    const renewals = [
      { account_id: 'O1', renewal_date: '2025-02-01', renewed: false },
      { account_id: 'O2', renewal_date: '2025-04-30', renewed: false },
      { account_id: 'O3', renewal_date: '2025-03-01', renewed: true },
    ];
    expect(await outcomeEvents({ renewals })).toEqual({ churns: 0, missedRenewals: 2 });
  });
});
