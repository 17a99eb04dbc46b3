/**
 * The Data tab's figures at their edges (engine/node/import/dataQuality.ts, issue 18), on a
 * seven-account export worked by hand: the sources listed (subscriptions only when the export
 * has them), rows dropped for an unknown account per file, most first, at most five examples of
 * accounts too thin to score, no score-history figures without a score history, and nothing
 * from an issue log that is not there (a workspace saved without one).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { weeklyUsage, writeExports, type Row } from './fixtures.js';

let data: LoadedData | null = null;
afterEach(() => {
  data?.close();
  data = null;
});

const account = (id: string, name: string): Row => ({
  account_id: id,
  name,
  segment: 'SMB',
  signup_date: '2024-06-01',
  arr: 1000,
  seats: 5,
});

// E1 sends usage to 2025-04-23, a ticket and an NPS answer; E2–E7 send nothing, so six accounts are too thin to score.
// Two usage rows and one ticket name ZZ, which is not an account.
async function load(): Promise<LoadedData> {
  const usage = weeklyUsage('E1', '2025-01-01', 17, () => 5);
  data = await loadWorkbenchData(
    writeExports({
      accounts: [
        account('E1', 'Active'),
        ...['E2', 'E3', 'E4', 'E5', 'E6', 'E7'].map((id, k) => account(id, `Quiet ${k + 2}`)),
      ],
      usage_events: [...usage, { ...usage[0]!, account_id: 'ZZ' }, { ...usage[1]!, account_id: 'ZZ' }],
      tickets: [
        {
          ticket_id: 'T0',
          account_id: 'E1',
          opened_at: '2025-03-10 09:00:00',
          closed_at: '2025-03-10 17:00:00',
          priority: 'low',
          csat: 5,
          escalated: false,
        },
        {
          ticket_id: 'T1',
          account_id: 'ZZ',
          opened_at: '2025-03-10 09:00:00',
          closed_at: '2025-03-10 17:00:00',
          priority: 'low',
          csat: 5,
          escalated: false,
        },
      ],
      // Issued on the export day: the export is observed through 2025-04-30, as in dataQuality.test.ts.
      invoices: [
        {
          invoice_id: 'I1',
          account_id: 'E1',
          issued_date: '2025-04-30',
          due_date: '2025-05-30',
          paid_date: null,
          amount: 100,
          status: 'open',
        },
      ],
      nps: [{ response_id: 'N1', account_id: 'E1', responded_at: '2025-02-15', score: 8 }],
      churn: [],
    }),
  );
  return data;
}

describe('the Data tab at its edges', () => {
  it('lists every source but subscriptions, which this export does not have, in a fixed order', async () => {
    const d = await load();
    const dq = await dataQuality(d.db, d.frame);
    expect(dq.sources.map((s) => s.table)).toEqual([
      'usage_events',
      'tickets',
      'invoices',
      'nps',
      'churn',
      'renewals',
      'overrides',
    ]);
    // ZZ's ticket was dropped: E1's is the one, 1 of 7 accounts, opened 51 days before 2025-04-30.
    expect(dq.sources.find((s) => s.table === 'tickets')).toEqual({
      table: 'tickets',
      rows: 1,
      accountsCovered: 1,
      coverage: 1 / 7,
      lastDate: '2025-03-10',
      daysStale: 51,
    });
  });

  it('counts the rows dropped for an unknown account per file, the most first', async () => {
    const d = await load();
    expect((await dataQuality(d.db, d.frame)).rejectedUnknownAccount).toEqual([
      { file: 'usage_events.csv', rows: 2 },
      { file: 'tickets.csv', rows: 1 },
    ]);
  });

  it('gives at most five of the accounts too thin to score, in account order, and counts them all', async () => {
    const d = await load();
    const dq = await dataQuality(d.db, d.frame);
    expect(dq.insufficientData).toBe(6);
    expect(dq.insufficientExamples).toEqual(['Quiet 2', 'Quiet 3', 'Quiet 4', 'Quiet 5', 'Quiet 6']);
  });

  it('has no score-history figures without a score history', async () => {
    const d = await load();
    expect((await dataQuality(d.db, d.frame)).scoreHistory).toBeUndefined();
  });

  it('says nothing from an issue log that is not there', async () => {
    const d = await load();
    await d.db.conn.run(`DROP TABLE ${ISSUES_TABLE}`);
    const dq = await dataQuality(d.db, d.frame);
    expect(dq.rejectedUnknownAccount).toEqual([]);
    expect(dq.exportDated).toEqual([]);
  });
});
