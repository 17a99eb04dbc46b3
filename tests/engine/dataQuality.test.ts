/**
 * The data-quality panel's figures, checked by hand on a four-account export:
 * how stale each source is on the day the export was observed, which
 * accounts have no usage, and which have too little data to score.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataQuality } from '../../engine/core/api/importSchema.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import { weeklyUsage, writeExports } from './fixtures.js';

let data: LoadedData;
beforeAll(async () => {
  data = await loadWorkbenchData(
    writeExports({
      accounts: [
        { account_id: 'Q1', name: 'Full', segment: 'SMB', signup_date: '2024-06-01', arr: 1000, seats: 5 },
        { account_id: 'Q2', name: 'Usage only', segment: 'SMB', signup_date: '2024-06-01', arr: 1000, seats: 5 },
        { account_id: 'Q3', name: 'Never used', segment: 'SMB', signup_date: '2024-06-01', arr: 1000, seats: 5 },
        { account_id: 'Q4', name: 'Went quiet', segment: 'SMB', signup_date: '2024-06-01', arr: 1000, seats: 5 },
      ],
      usage_events: [
        ...weeklyUsage('Q1', '2025-01-01', 17, () => 5), // last row 2025-04-23
        ...weeklyUsage('Q2', '2025-01-01', 17, () => 5),
        ...weeklyUsage('Q4', '2025-01-01', 4, () => 5), // nothing after January
      ],
      tickets: [
        {
          ticket_id: 'T1',
          account_id: 'Q1',
          opened_at: '2025-03-10 09:00:00',
          closed_at: '2025-03-10 17:00:00',
          priority: 'low',
          csat: 5,
          escalated: false,
        },
      ],
      // Issued on the export day: the export is observed through 2025-04-30.
      invoices: [
        {
          invoice_id: 'I1',
          account_id: 'Q2',
          issued_date: '2025-04-30',
          due_date: '2025-05-30',
          paid_date: null,
          amount: 100,
          status: 'open',
        },
      ],
      nps: [{ response_id: 'N1', account_id: 'Q1', responded_at: '2025-02-15', score: 8 }],
      churn: [],
    }),
  );
});
afterAll(() => data?.close());
// Worked out inside each test, not in beforeAll, so that Stryker runs each mutant against the tests it reaches.
const quality = (): Promise<DataQuality> => dataQuality(data.db, data.frame);

describe('data quality', () => {
  it("measures each source's staleness in days before the observed-through date (positive: older is staler)", async () => {
    const dq = await quality();
    expect(dq.asOf).toBe('2025-04-30');
    const stale = Object.fromEntries(dq.sources.map((s) => [s.table, s.daysStale]));
    expect(stale).toEqual({
      usage_events: 7, // 2025-04-23
      tickets: 51, // opened 2025-03-10
      invoices: 0, // issued 2025-04-30
      nps: 74, // 2025-02-15
      churn: null,
      renewals: null,
      overrides: null, // no rows: no date to be stale from
    });
  });

  it('counts rows and accounts covered per source', async () => {
    const dq = await quality();
    const usage = dq.sources.find((s) => s.table === 'usage_events')!;
    expect(usage).toMatchObject({ rows: 38, accountsCovered: 3, coverage: 0.75, lastDate: '2025-04-23' });
    expect(dq.sources.find((s) => s.table === 'nps')).toMatchObject({ rows: 1, accountsCovered: 1, coverage: 0.25 });
  });

  it('counts accounts without usage and accounts with too little data to score at the latest snapshot', async () => {
    const dq = await quality();
    expect(dq.accounts).toBe(4);
    expect(dq.accountsWithoutUsage).toBe(1); // Q3
    // Q3 never sent usage; Q4 sent none in the three months to 2025-04-30. Q1 and Q2 have enough.
    expect(dq.insufficientData).toBe(2);
    expect(dq.insufficientExamples).toEqual(['Never used', 'Went quiet']);
  });

  it('gives signal coverage over the accounts of the latest snapshot', async () => {
    const dq = await quality();
    const coverage = Object.fromEntries(dq.signals.map((s) => [s.signal, s.coverage]));
    expect(coverage.logins_trend).toBe(0.5); // Q1 and Q2 of four
    expect(coverage.nps_latest).toBe(0.25); // Q1
    expect(coverage.csat_last5).toBe(0.25); // Q1
  });
});
