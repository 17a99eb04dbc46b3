import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { outcomeAt, type SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { accountBatches, batchRowsFor, buildSnapshots } from '../../engine/node/snapshots/buildSnapshots.js';
import { memoryBytes } from '../../engine/node/data/duckdb.js';
import { join } from 'node:path';
import { rowIndex, signalAt, weeklyUsage, writeExports, type Row, type Tables } from './fixtures.js';

// Usage rows by month of their date: Jan/Feb rows 10 logins, Mar rows 5, later 8.
const loginsByMonth = (d: string) => (d < '2025-03-01' ? 10 : d < '2025-04-01' ? 5 : 8);

const accounts: Row[] = [
  { account_id: 'A1', name: 'Acme, Inc.', segment: 'Enterprise', signup_date: '2023-06-15', arr: 120000, seats: 10 },
  { account_id: 'A2', name: 'Beta', segment: 'SMB', signup_date: '2024-02-01', arr: 5000, seats: 5 },
  { account_id: 'A3', name: 'Gamma', segment: 'SMB', signup_date: '2025-03-15', arr: 3000, seats: 4 },
];

/** Everything known up to 2025-04-30, as an export taken on that day would show it. */
const past: Tables = {
  accounts,
  usage_events: [
    ...weeklyUsage('A1', '2025-01-01', 17, loginsByMonth), // last row 2025-04-23 covers to 04-29
    ...weeklyUsage('A2', '2025-01-01', 17, () => 4),
    ...weeklyUsage('A3', '2025-03-19', 6, () => 2),
  ],
  tickets: [
    {
      ticket_id: 'T1',
      account_id: 'A1',
      opened_at: '2025-02-03 09:00:00',
      closed_at: '2025-02-04 10:00:00',
      priority: 'high',
      csat: 2,
      escalated: true,
    },
    {
      ticket_id: 'T2',
      account_id: 'A1',
      opened_at: '2025-03-10 09:00:00',
      closed_at: '2025-03-11 10:00:00',
      priority: 'normal',
      csat: 4,
      escalated: false,
    },
    {
      ticket_id: 'T3',
      account_id: 'A1',
      opened_at: '2025-04-20 09:00:00',
      closed_at: null,
      priority: 'urgent',
      csat: null,
      escalated: true,
    },
  ],
  invoices: [
    {
      invoice_id: 'I1',
      account_id: 'A1',
      issued_date: '2025-03-01',
      due_date: '2025-03-31',
      paid_date: '2025-03-20',
      amount: 10000,
      status: 'paid',
    },
    {
      invoice_id: 'I2',
      account_id: 'A1',
      issued_date: '2025-03-15',
      due_date: '2025-04-15',
      paid_date: null,
      amount: 10000,
      status: 'open',
    },
    {
      invoice_id: 'I3',
      account_id: 'A2',
      issued_date: '2025-02-01',
      due_date: '2025-03-01',
      paid_date: '2025-03-10',
      amount: 400,
      status: 'paid',
    },
    // Issued on the export day, so the export is observed through 2025-04-30.
    {
      invoice_id: 'I5',
      account_id: 'A2',
      issued_date: '2025-04-30',
      due_date: '2025-05-30',
      paid_date: null,
      amount: 400,
      status: 'open',
    },
  ],
  nps: [
    { response_id: 'N1', account_id: 'A1', responded_at: '2025-01-20', score: 9 },
    { response_id: 'N2', account_id: 'A1', responded_at: '2025-04-10', score: 3 },
  ],
  churn: [],
};

/** The same history plus what happened after 2025-04-30: none of it may change the April snapshot's signals. */
const full: Tables = {
  ...past,
  usage_events: [
    ...past.usage_events!,
    ...weeklyUsage('A1', '2025-04-30', 9, () => 500), // wild spike starting on the as-of date itself
    ...weeklyUsage('A2', '2025-04-30', 3, () => 0),
  ],
  tickets: [
    ...past.tickets!.map((t) => (t.ticket_id === 'T3' ? { ...t, closed_at: '2025-05-10 12:00:00', csat: 1 } : t)),
    {
      ticket_id: 'T4',
      account_id: 'A1',
      opened_at: '2025-05-02 09:00:00',
      closed_at: '2025-05-03 09:00:00',
      priority: 'urgent',
      csat: 1,
      escalated: true,
    },
    {
      ticket_id: 'T5',
      account_id: 'A1',
      opened_at: '2025-05-01 00:00:00',
      closed_at: null,
      priority: 'low',
      csat: null,
      escalated: false,
    },
  ],
  invoices: [
    ...past.invoices!.map((i) => (i.invoice_id === 'I2' ? { ...i, paid_date: '2025-05-20', status: 'paid' } : i)),
    {
      invoice_id: 'I4',
      account_id: 'A1',
      issued_date: '2025-05-01',
      due_date: '2025-05-31',
      paid_date: null,
      amount: 10000,
      status: 'overdue',
    },
  ],
  nps: [...past.nps!, { response_id: 'N3', account_id: 'A1', responded_at: '2025-05-05', score: 0 }],
  churn: [{ account_id: 'A2', churn_date: '2025-05-20', reason: 'Budget' }],
};

const loaded: LoadedData[] = [];
async function load(t: Tables): Promise<LoadedData> {
  const d = await loadWorkbenchData(writeExports(t));
  loaded.push(d);
  return d;
}
afterAll(() => loaded.forEach((d) => d.close()));

describe('monthly point-in-time snapshots', () => {
  it('start at the first month-end with a three-month baseline and stop at the last observed month-end', async () => {
    const { frame } = await load(full);
    // Usage starts 2025-01-01, so March is the first month with three months behind it; the
    // latest date in any source is 2025-06-25, so June is not complete and May is the last.
    expect(frame.meta.periods).toEqual(['2025-03-31', '2025-04-30', '2025-05-31']);
    expect(frame.meta.observedThrough).toBe('2025-06-25');
    expect((await load(past)).frame.meta.periods).toEqual(['2025-03-31', '2025-04-30']);
  });

  it('include an account only between signup and churn', async () => {
    const { frame } = await load(full);
    expect(rowIndex(frame, 'A3', '2025-03-31')).toBeGreaterThanOrEqual(0);
    expect(rowIndex(frame, 'A2', '2025-04-30')).toBeGreaterThanOrEqual(0);
    expect(rowIndex(frame, 'A2', '2025-05-31')).toBe(-1); // churned 05-20
    const a3 = rowIndex(frame, 'A3', '2025-04-30');
    expect(frame.onboarding[a3]).toBe(1); // 46 days old
    expect(frame.onboarding[rowIndex(frame, 'A1', '2025-04-30')]).toBe(0);
  });

  it("record each account's age at every snapshot, so an onboarding configuration lets go of it on time", async () => {
    const { frame } = await load(full);
    expect(frame.ageDays[rowIndex(frame, 'A3', '2025-03-31')]).toBe(16); // signed up 2025-03-15
    expect(frame.ageDays[rowIndex(frame, 'A3', '2025-04-30')]).toBe(46);
    expect(frame.ageDays[rowIndex(frame, 'A3', '2025-05-31')]).toBe(77);
  });

  it('label churn within the horizon and censor horizons that are not yet observed', async () => {
    const { frame } = await load(full);
    const a2 = rowIndex(frame, 'A2', '2025-03-31');
    expect(frame.daysToChurn[a2]).toBe(50);
    expect(outcomeAt(frame, a2, 90)).toBe(1);
    expect(outcomeAt(frame, a2, 30)).toBe(0); // churned on day 50, not within 30
    const a1May = rowIndex(frame, 'A1', '2025-05-31');
    expect(frame.observedDays[a1May]).toBe(25);
    expect(outcomeAt(frame, a1May, 90)).toBe(-1); // 90 days after May are not yet observed
    expect(outcomeAt(frame, a1May, 20)).toBe(0);
  });

  it('compute signals from hand-checked histories', async () => {
    const { frame } = await load(full);
    // March bucket: rows dated 02-26 (10 logins, ends 03-04), 03-05, 03-12, 03-19 (5 each) → 6.25 a row;
    // three months: (40 + 40 + 25) / 12 rows = 8.75 → 0.714…
    expect(signalAt(frame, 'A1', '2025-03-31', 'logins_trend')).toBeCloseTo(6.25 / 8.75, 6);
    expect(signalAt(frame, 'A1', '2025-03-31', 'feature_breadth')).toBeCloseTo(0.5, 6);
    expect(signalAt(frame, 'A1', '2025-03-31', 'seat_utilisation')).toBeCloseTo(0.5, 6);
    // CSAT of the two rated closed tickets; T3 is open and unrated at 04-30.
    expect(signalAt(frame, 'A1', '2025-04-30', 'csat_last5')).toBe(3);
    expect(signalAt(frame, 'A1', '2025-04-30', 'open_tickets')).toBe(1);
    expect(signalAt(frame, 'A1', '2025-04-30', 'escalations_3m')).toBe(2); // T1 (Feb) and T3 (Apr)
    expect(signalAt(frame, 'A1', '2025-04-30', 'max_days_overdue')).toBe(15); // I2 due 04-15, unpaid at 04-30
    expect(signalAt(frame, 'A1', '2025-04-30', 'late_payments_6m')).toBe(1);
    expect(signalAt(frame, 'A2', '2025-03-31', 'late_payments_6m')).toBe(1); // I3 paid 9 days late
    expect(signalAt(frame, 'A1', '2025-04-30', 'nps_latest')).toBe(3);
    expect(signalAt(frame, 'A1', '2025-04-30', 'nps_responses_12m')).toBe(2);
    expect(signalAt(frame, 'A1', '2025-04-30', 'days_to_renewal')).toBe(46); // next anniversary 2025-06-15
    // No NPS answers at all for A2: the source exists, so the latest score is unavailable and the count is 0.
    expect(Number.isNaN(signalAt(frame, 'A2', '2025-04-30', 'nps_latest'))).toBe(true);
    expect(signalAt(frame, 'A2', '2025-04-30', 'nps_responses_12m')).toBe(0);
  });

  it('compute the key-action trend like the login trend: current window over the baseline', async () => {
    // 4 key actions a row until February, 1 from March: March bucket (02-26, 03-05, 03-12, 03-19) = 7 / 4 rows;
    // three months = (16 + 16 + 7) / 12 rows → 1.75 / 3.25.
    const usage = weeklyUsage('K1', '2025-01-01', 17, () => 5).map((r) => ({
      ...r,
      key_actions: String(r.date) <= '2025-02-26' ? 4 : 1,
    }));
    const { frame } = await load({
      accounts: [{ account_id: 'K1', name: 'Keys', segment: 'SMB', signup_date: '2024-06-01', arr: 1, seats: 5 }],
      usage_events: usage,
      churn: [],
    });
    expect(signalAt(frame, 'K1', '2025-03-31', 'key_actions_trend')).toBeCloseTo(1.75 / 3.25, 6);
  });

  it("rebuild payment status and plan changes from invoice dates and amounts, not the export's status column", async () => {
    const { frame } = await load(full);
    expect(signalAt(frame, 'A1', '2025-03-31', 'payment_current')).toBe(1); // I1 not yet due
    expect(signalAt(frame, 'A1', '2025-04-30', 'payment_current')).toBe(0); // I2 due 04-15, unpaid at 04-30 (its export status says "paid")
    expect(signalAt(frame, 'A2', '2025-04-30', 'payment_current')).toBe(1);
    // P1 pays 100 a month until June, then 150: July's last three months (May–July) average 133.3 against 100 before.
    const issued = Array.from({ length: 13 }, (_, k) => new Date(Date.UTC(2024, 7 + k, 1)).toISOString().slice(0, 10)); // 2024-08-01 … 2025-08-01
    const invoices = issued.map((d, k) => ({
      invoice_id: `P${k}`,
      account_id: 'P1',
      issued_date: d,
      due_date: d,
      paid_date: d,
      amount: d >= '2025-06-01' ? 150 : 100,
      status: 'paid',
    }));
    const { frame: f2 } = await load({
      accounts: [{ account_id: 'P1', name: 'Plan', segment: 'SMB', signup_date: '2024-01-01', arr: 1200, seats: 5 }],
      usage_events: weeklyUsage('P1', '2024-08-01', 54, () => 5),
      invoices,
      churn: [],
    });
    expect(signalAt(f2, 'P1', '2025-05-31', 'subscription_change')).toBe(1);
    expect(signalAt(f2, 'P1', '2025-07-31', 'subscription_change')).toBeCloseTo((100 + 150 + 150) / 3 / 100, 6); // May–July against August–April
    expect(signalAt(f2, 'P1', '2024-10-31', 'subscription_change')).toBeNaN(); // nothing issued in the 9 months before August
  });

  it('track ticket sentiment, training and community activity only where the exports carry them', async () => {
    const tickets = [
      { ticket_id: 'S1', account_id: 'A1', opened_at: '2024-12-10 09:00:00', sentiment: 0.5 },
      { ticket_id: 'S2', account_id: 'A1', opened_at: '2025-01-31 23:00:00', sentiment: 1 },
      { ticket_id: 'S3', account_id: 'A1', opened_at: '2025-02-01 09:00:00', sentiment: -0.5 }, // first day of the last three months at 04-30
      { ticket_id: 'S4', account_id: 'A1', opened_at: '2025-04-30 18:00:00', sentiment: -1 },
      { ticket_id: 'S5', account_id: 'A1', opened_at: '2025-05-01 09:00:00', sentiment: 1 }, // after the as-of date
      { ticket_id: 'S6', account_id: 'A2', opened_at: '2025-04-01 09:00:00', sentiment: null },
    ];
    const usage = weeklyUsage('A1', '2025-01-01', 20, () => 5).map((r, k) => ({
      ...r,
      trainings_completed: k % 4 === 0 ? 1 : 0,
      community_actions: k,
    }));
    const { frame } = await load({
      ...past,
      tickets,
      usage_events: [...usage, ...weeklyUsage('A2', '2025-01-01', 17, () => 4)],
    });
    expect(signalAt(frame, 'A1', '2025-04-30', 'sentiment_trend')).toBeCloseTo(-0.75 - 0.75, 6); // (-0.5 - 1) / 2 now, (0.5 + 1) / 2 before
    expect(signalAt(frame, 'A2', '2025-04-30', 'sentiment_trend')).toBeNaN(); // no scored ticket
    // Row k is dated 01-01 + 7k and counts in the month its week ends: April holds rows 12–16 (03-26 … 04-23),
    // February to April rows 4–16, of which 4, 8, 12 and 16 completed a training.
    expect(signalAt(frame, 'A1', '2025-04-30', 'community_actions')).toBe(12 + 13 + 14 + 15 + 16);
    expect(signalAt(frame, 'A1', '2025-04-30', 'training_completions')).toBe(4);
    expect(signalAt(frame, 'A2', '2025-04-30', 'training_completions')).toBeNaN(); // A2's rows leave the column blank: unknown, not zero
    // Exports without the columns: unavailable everywhere.
    const plain = (await load(past)).frame;
    for (const s of ['sentiment_trend', 'training_completions', 'community_actions'] as const)
      expect(signalAt(plain, 'A1', '2025-04-30', s)).toBeNaN();
  });

  it('compare logins with the same month a year earlier (seasonality), unavailable without a year of history', async () => {
    // Weekly rows: 10 logins through 2024, 5 from 2025 on. Rows are bucketed by the day their week ends.
    const yearly = (d: string) => (d < '2024-12-26' ? 10 : 5);
    const { frame } = await load({
      accounts: [{ account_id: 'S1', name: 'Seasonal', segment: 'SMB', signup_date: '2023-12-01', arr: 1, seats: 5 }],
      usage_events: weeklyUsage('S1', '2024-01-01', 60, yearly),
      churn: [],
    });
    expect(signalAt(frame, 'S1', '2025-01-31', 'logins_yoy')).toBeCloseTo(0.5, 6); // January 2025 vs January 2024
    expect(signalAt(frame, 'S1', '2024-11-30', 'logins_yoy')).toBeNaN(); // no November 2023 to compare with
    // Session minutes and key actions did not change: 1 against a year ago; API calls likewise.
    for (const s of ['session_yoy', 'key_actions_yoy', 'api_calls_yoy'] as const) {
      expect(signalAt(frame, 'S1', '2025-01-31', s)).toBeCloseTo(1, 6);
      expect(signalAt(frame, 'S1', '2024-11-30', s)).toBeNaN();
    }
  });

  it('never use data dated after the as-of date (planted future events change nothing)', async () => {
    const before = (await load(past)).frame;
    const after = (await load(full)).frame;
    for (const asOf of ['2025-03-31', '2025-04-30']) {
      for (const id of ['A1', 'A2', 'A3']) {
        const i = rowIndex(before, id, asOf);
        const j = rowIndex(after, id, asOf);
        expect(i, `${id} ${asOf}`).toBeGreaterThanOrEqual(0);
        for (const s of SIGNAL_IDS) {
          const a = before.values[s][i]!;
          const b = after.values[s][j]!;
          expect(Number.isNaN(a) ? 'NaN' : a, `${s} for ${id} at ${asOf}`).toEqual(Number.isNaN(b) ? 'NaN' : b);
        }
      }
    }
    // …while the outcome, which is allowed to look ahead, does see the churn.
    expect(Number.isNaN(before.daysToChurn[rowIndex(before, 'A2', '2025-04-30')]!)).toBe(true);
    expect(after.daysToChurn[rowIndex(after, 'A2', '2025-04-30')]).toBe(20);
  });

  it('mark a signal unavailable, not zero, when its source has no data', async () => {
    const { frame } = await load({ ...past, tickets: [], nps: [] });
    expect(Number.isNaN(signalAt(frame, 'A1', '2025-04-30', 'open_tickets'))).toBe(true);
    expect(Number.isNaN(signalAt(frame, 'A1', '2025-04-30', 'nps_responses_12m'))).toBe(true);
    expect(signalAt(frame, 'A1', '2025-04-30', 'max_days_overdue')).toBe(15);
  });

  it('keep the first of duplicate account ids and list the later one, as every import does', async () => {
    const d = await load({ ...past, accounts: [...accounts, accounts[0]!] });
    expect(d.meta.accounts).toBe(accounts.length);
    const issues = (
      await d.db.conn.runAndReadAll(
        `SELECT file, line, value, reason, action FROM import_issues WHERE reason LIKE 'duplicate%'`,
      )
    ).getRowsJson();
    // The header is line 1, so the copy appended after the accounts is on line accounts.length + 2.
    expect(issues).toEqual([
      [
        'accounts.csv',
        String(accounts.length + 2),
        'A1',
        'duplicate account id (the first occurrence is kept)',
        'row rejected',
      ],
    ]);
  });
});

describe('weekly snapshots and renewal outcomes', () => {
  const withRenewals: Tables = {
    ...full,
    renewals: [
      { account_id: 'A1', renewal_date: '2025-06-15', renewed: true },
      { account_id: 'A2', renewal_date: '2025-06-01', renewed: false },
    ],
  };

  it('fall on Sundays once thirteen weeks of usage lie behind them', async () => {
    const data = await load(full);
    const weekly = await data.frameAt('weekly');
    expect(weekly.meta.cadence).toBe('weekly');
    // Usage from Wed 2025-01-01: 13 weeks later is 2025-04-01, and the next Sunday is 2025-04-06.
    expect(weekly.meta.periods[0]).toBe('2025-04-06');
    expect(weekly.meta.periods.every((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 0)).toBe(true);
    expect(weekly.meta.periods.at(-1)! <= weekly.meta.observedThrough).toBe(true);
  });

  it('compute weekly signals from four-week and thirteen-week windows, without future data', async () => {
    const before = await (await load(past)).frameAt('weekly');
    const after = await (await load(full)).frameAt('weekly');
    // Rows dated 2025-03-19 … 2025-04-16 end by 04-22: the four weeks to Sunday 04-27 hold 04-02, 04-09, 04-16 (8 logins each)
    // and 03-26 (5); thirteen weeks: 1 row of 10 (ends 02-04 → in), … compare with the planted-future copy instead of by hand.
    for (const s of SIGNAL_IDS) {
      const a = signalAt(before, 'A1', '2025-04-27', s);
      const b = signalAt(after, 'A1', '2025-04-27', s);
      expect(Number.isNaN(a) ? 'NaN' : a, s).toEqual(Number.isNaN(b) ? 'NaN' : b);
    }
    expect(signalAt(after, 'A1', '2025-04-27', 'open_tickets')).toBe(1);
  });

  it('compute weekly signals by hand: the last four weeks against the last thirteen', async () => {
    // One weekly row each Monday from 2025-01-06 (week 0) for 20 weeks; week k has k + 1 logins, features
    // and active users. Each row covers Monday to Sunday, so it counts in its own week.
    const usage = weeklyUsage('W1', '2025-01-06', 20, () => 0).map((r, k) => ({
      ...r,
      logins: k + 1,
      features_used: k + 1,
      active_users: k + 1,
    }));
    const tickets = [
      {
        ticket_id: 'W-T1',
        account_id: 'W1',
        opened_at: '2025-01-21 09:00:00',
        closed_at: '2025-01-22 09:00:00',
        priority: 'high',
        csat: 3,
        escalated: true,
      }, // week 2
      {
        ticket_id: 'W-T2',
        account_id: 'W1',
        opened_at: '2025-03-25 09:00:00',
        closed_at: '2025-03-26 09:00:00',
        priority: 'low',
        csat: 4,
        escalated: false,
      }, // week 11
      {
        ticket_id: 'W-T3',
        account_id: 'W1',
        opened_at: '2025-04-01 09:00:00',
        closed_at: '2025-04-02 09:00:00',
        priority: 'high',
        csat: 5,
        escalated: true,
      }, // week 12
      {
        ticket_id: 'W-T4',
        account_id: 'W1',
        opened_at: '2025-04-03 09:00:00',
        closed_at: '2025-04-04 09:00:00',
        priority: 'low',
        csat: 5,
        escalated: false,
      }, // week 12
    ];
    const data = await load({
      accounts: [{ account_id: 'W1', name: 'Weekly', segment: 'SMB', signup_date: '2024-06-01', arr: 1, seats: 10 }],
      usage_events: usage,
      tickets,
      churn: [],
    });
    const weekly = await data.frameAt('weekly');
    // Sunday 2025-04-27 closes week 15: the current window is weeks 12–15 (13…16, mean 14.5),
    // the baseline weeks 3–15 (4…16, mean 10), active users are compared with weeks 0–3 (1…4, mean 2.5).
    expect(signalAt(weekly, 'W1', '2025-04-27', 'logins_trend')).toBeCloseTo(14.5 / 10, 6);
    expect(signalAt(weekly, 'W1', '2025-04-27', 'feature_breadth')).toBeCloseTo(14.5 / 20, 6);
    expect(signalAt(weekly, 'W1', '2025-04-27', 'seat_utilisation')).toBeCloseTo(14.5 / 10, 6);
    expect(signalAt(weekly, 'W1', '2025-04-27', 'active_users_change')).toBeCloseTo(14.5 / 2.5, 6);
    // Tickets: two opened in the last four weeks (week 12) against two in the twelve weeks before (weeks 2 and 11),
    // taken as three months: (2 + 1) / (2 / 3 + 1). Escalations count over thirteen weeks: week 12's, not week 2's.
    expect(signalAt(weekly, 'W1', '2025-04-27', 'ticket_volume_ratio')).toBeCloseTo(3 / (5 / 3), 6);
    expect(signalAt(weekly, 'W1', '2025-04-27', 'escalations_3m')).toBe(1);
    // The first Sunday, 2025-04-06, closes week 12: current weeks 9–12 (10…13, mean 11.5), baseline weeks 0–12 (mean 7).
    expect(weekly.meta.periods[0]).toBe('2025-04-06');
    expect(signalAt(weekly, 'W1', '2025-04-06', 'logins_trend')).toBeCloseTo(11.5 / 7, 6);
  });

  it('count a renewal date that passed without renewal as churn on that date', async () => {
    const { frame } = await load(withRenewals);
    const a2 = rowIndex(frame, 'A2', '2025-03-31');
    expect(frame.daysToLapse[a2]).toBe(62); // 2025-06-01
    expect(outcomeAt(frame, a2, 90, 'renewal')).toBe(1);
    expect(outcomeAt(frame, a2, 30, 'renewal')).toBe(0);
    const a1 = rowIndex(frame, 'A1', '2025-03-31');
    expect(Number.isNaN(frame.daysToLapse[a1]!)).toBe(true); // renewed
    expect(outcomeAt(frame, a1, 60, 'renewal')).toBe(0);
  });
});

describe('snapshot building in account batches', () => {
  it('gives byte-for-byte the frame of one batch, whatever the batch size', async () => {
    const data = await loadWorkbenchData(join(import.meta.dirname, '..', '..', 'sample-data'));
    loaded.push(data);
    const bytes = (f: SnapshotFrame) => {
      const { meta, n, values, ...columns } = f;
      return {
        meta,
        n,
        columns: Object.entries({ ...columns, ...values }).map(([k, a]) => [
          k,
          Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'),
        ]),
      };
    };
    const whole = bytes(await buildSnapshots(data.db, undefined, 'monthly', Number.MAX_SAFE_INTEGER));
    expect(whole).toEqual(bytes(data.frame));
    const steps: number[] = [];
    const split = await buildSnapshots(data.db, (_, f) => steps.push(f), 'monthly', 7_000);
    expect(bytes(split)).toEqual(whole);
    // 92,045 snapshots in batches of about 7,000: progress moves through each.
    expect(steps.filter((f) => f > 0 && f < 1).length).toBeGreaterThanOrEqual(12);
  });

  it('splits accounts into contiguous ranges that cover every snapshot, bounded by ids that can join', () => {
    const per = [3, 0, 4, 2, 5, 1];
    const ids = ['a', 'b', 'c', 'd', 'e', null];
    const batches = accountBatches(per, ids, 5);
    expect(batches).toEqual([
      { lo: 0, hi: 2, idLo: 'a', idHi: 'c' },
      { lo: 3, hi: 4, idLo: 'd', idHi: 'e' },
      // Account 5 (1 snapshot, a NULL id) joins nothing: no batch, and the frame's row count check would say so.
    ]);
    expect(accountBatches(per, ids, 1_000)).toEqual([{ lo: 0, hi: 5, idLo: 'a', idHi: 'e' }]);
    expect(accountBatches([], [], 10)).toEqual([]);
  });
});

describe('the memory cap', () => {
  it('reads DuckDB memory settings the way DuckDB does, and refuses what it cannot read', () => {
    expect(memoryBytes('512MB')).toBe(512e6);
    expect(memoryBytes('1.5GB')).toBe(1.5e9);
    expect(memoryBytes('800MiB')).toBe(800 * 2 ** 20);
    expect(memoryBytes(' 2 gb ')).toBe(2e9);
    expect(() => memoryBytes('lots')).toThrow(/HSW_DUCKDB_MEMORY: cannot read "lots"; write it like 512MB/);
  });

  it('sizes snapshot batches from it, never below a useful minimum', () => {
    expect(batchRowsFor(512e6)).toBe(204_800);
    expect(batchRowsFor(2e9)).toBe(800_000);
    expect(batchRowsFor(10e6)).toBe(20_000);
  });
});
