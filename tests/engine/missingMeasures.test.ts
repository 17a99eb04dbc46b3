/**
 * A measure the export does not carry is unavailable, never zero: not mapped,
 * not in the file, or left blank, its signals are NaN at every snapshot, the
 * Data tab shows no coverage for them, and explanations say "no data" instead
 * of blaming a 0. Where the rows do carry the measure, no activity is a real 0.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImportedData, loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { listAccounts } from '../../engine/core/accounts/listAccounts.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import type { SignalId } from '../../engine/core/signals/catalog.js';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { signalAt, weeklyUsage, writeExports, type Row, type Tables } from './fixtures.js';

const loaded: LoadedData[] = [];
afterAll(() => loaded.forEach((d) => d.close()));
const keep = (d: LoadedData) => (loaded.push(d), d);

/** Every value of a signal over the whole frame. */
const column = (frame: SnapshotFrame, s: SignalId) => Array.from(frame.values[s]);

/** Weekly dates from 2025-01-01, the last one on the export day 2025-04-30 so April is a complete snapshot. */
const WEEKS = [
  ...Array.from({ length: 17 }, (_, w) =>
    new Date(Date.parse('2025-01-01T00:00:00Z') + w * 7 * 86_400_000).toISOString().slice(0, 10),
  ),
  '2025-04-30',
];

const CRM: [string, string, FileMapping] = [
  'crm.csv',
  'Account ID,Name,Segment,Signup Date,ARR\nA1,Acme,SMB,2024-06-01,12000\nA2,Beta,SMB,2024-06-01,6000\n',
  {
    entity: 'accounts',
    columns: { account_id: 'Account ID', name: 'Name', segment: 'Segment', signup_date: 'Signup Date', arr: 'ARR' },
    dateFormats: {},
  },
];

/** An import from a product-analytics tool that reports key actions and session time but no logins, active users, API calls or features. */
const importWithoutLogins = () =>
  importFrom([
    CRM,
    [
      'product.csv',
      `Account ID,Day,Key Actions,Session Minutes\n${['A1', 'A2'].flatMap((a) => WEEKS.map((d) => `${a},${d},3,100`)).join('\n')}\n`,
      {
        entity: 'usage_daily',
        columns: {
          account_id: 'Account ID',
          date: 'Day',
          key_actions: 'Key Actions',
          session_minutes: 'Session Minutes',
        },
        dateFormats: {},
      },
    ],
  ]);

/** Import files (name, text, mapping) through the mapping path, as the app does. */
async function importFrom(files: [string, string, FileMapping][]): Promise<LoadedData> {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-missing-'));
  const db = await openDatabase();
  const inputs: ImportInput[] = [];
  try {
    for (const [name, text, mapping] of files) {
      writeFileSync(join(dir, name), text);
      const s = await sniffFile(db, join(dir, name));
      inputs.push({ path: join(dir, name), label: name, read: s.read, columns: s.columns.map((c) => c.name), mapping });
    }
  } finally {
    db.close();
  }
  return keep(
    await loadImportedData(
      inputs,
      'test',
      () => undefined,
      () => false,
    ),
  );
}

describe('an export without a measure', () => {
  it('leaves the login trend and the growth signals unavailable at every snapshot, monthly and weekly', async () => {
    const data = await importWithoutLogins();
    expect(data.frame.meta.periods).toEqual(['2025-03-31', '2025-04-30']);
    expect(data.frame.n).toBe(4);
    const weekly = await data.frameAt('weekly');
    for (const frame of [data.frame, weekly]) {
      for (const s of [
        'logins_trend',
        'logins_yoy',
        'feature_breadth',
        'api_calls_trend',
        'active_users_change',
        'seat_utilisation',
      ] as const) {
        expect(column(frame, s).every(Number.isNaN), s).toBe(true);
      }
      // The measures it does carry are still read: steady key actions and session time are a trend of 1.
      expect(column(frame, 'key_actions_trend')).toEqual(Array(frame.n).fill(1));
      expect(column(frame, 'session_trend')).toEqual(Array(frame.n).fill(1));
    }
  });

  it('leaves logins and API calls unavailable when an event export has no login or API events', async () => {
    // Two events a week per account: one key action and one page view, by two users; nothing named like a login or an API call.
    const events = ['A1', 'A2'].flatMap((a) =>
      WEEKS.flatMap((d) => [`${a},${d}T09:00:00Z,u-${a}-1,Report Created`, `${a},${d}T10:00:00Z,u-${a}-2,Page Viewed`]),
    );
    const data = await importFrom([
      CRM,
      [
        'events.csv',
        `Account ID,Timestamp,User ID,Event\n${events.join('\n')}\n`,
        {
          entity: 'usage_events',
          columns: { account_id: 'Account ID', timestamp: 'Timestamp', user_id: 'User ID', event: 'Event' },
          dateFormats: {},
          keyEvents: ['Report Created'],
        },
      ],
    ]);
    expect(data.frame.n).toBe(4);
    for (const s of ['logins_trend', 'logins_yoy', 'api_calls_trend'] as const)
      expect(column(data.frame, s).every(Number.isNaN), s).toBe(true);
    expect(column(data.frame, 'key_actions_trend')).toEqual([1, 1, 1, 1]);
    expect(column(data.frame, 'feature_breadth')).toEqual(Array(4).fill(Math.fround(2 / 20)));
  });

  it('shows 0 % coverage on the Data tab for a signal whose measure is absent', async () => {
    const data = await importWithoutLogins();
    const q = await dataQuality(data.db, data.frame);
    const coverage = Object.fromEntries(q.signals.map((s) => [s.signal, s.coverage]));
    expect(coverage.logins_trend).toBe(0);
    expect(coverage.api_calls_trend).toBe(0);
    expect(coverage.feature_breadth).toBe(0);
    expect(coverage.key_actions_trend).toBe(1);
  });

  it('explains a category without data as "no data", not as a 0 pulling the score down', async () => {
    const data = await importWithoutLogins();
    const r = listAccounts(data.frame, {
      config: DEFAULT_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: '2025-04-30',
      sort: 'score-asc',
      tierId: null,
      search: '',
      offset: 0,
      limit: 10,
    });
    expect(r.rows).toHaveLength(2);
    for (const row of r.rows) {
      expect(row.categories.find((c) => c.id === 'growth')!.score).toBeNull();
      expect(row.missing).toContain('Growth');
      expect(row.weakest).not.toBe('Growth');
      expect(row.explanation).toMatch(/no data for [^;]*Growth/);
      expect(row.explanation).not.toMatch(/Growth \(\d+\)/);
    }
  });
});

const accounts: Row[] = [
  { account_id: 'A1', name: 'Acme', segment: 'SMB', signup_date: '2024-06-01', arr: 12000, seats: 10 },
  { account_id: 'A2', name: 'Beta', segment: 'SMB', signup_date: '2024-06-01', arr: 6000, seats: 10 },
  { account_id: 'A3', name: 'Gamma', segment: 'SMB', signup_date: '2024-06-01', arr: 3000, seats: 10 },
];
const usage = [
  ...weeklyUsage('A1', '2025-01-01', 18, () => 8),
  ...weeklyUsage('A2', '2025-01-01', 18, () => 8),
  ...weeklyUsage('A3', '2025-01-01', 18, () => 8),
];
/** Monthly invoices, January to April: A1 left March's unpaid, A2 paid each a week late. */
const invoices: Row[] = ['A1', 'A2'].flatMap((a) =>
  ['01', '02', '03', '04'].map((m) => ({
    invoice_id: `${a}-${m}`,
    account_id: a,
    issued_date: `2025-${m}-01`,
    due_date: `2025-${m}-15`,
    paid_date: a === 'A1' && m === '03' ? null : `2025-${m}-${a === 'A1' ? '10' : '22'}`,
    amount: 1000,
    status: 'x',
  })),
);
const PAYMENT_SIGNALS = ['payment_current', 'max_days_overdue', 'late_payments_6m'] as const;

describe('invoices and tickets without the columns their signals need', () => {
  it('reads payment behaviour from due and paid dates when the export has them', async () => {
    const { frame } = keep(
      await loadWorkbenchData(writeExports({ accounts, usage_events: usage, invoices, churn: [] })),
    );
    expect(PAYMENT_SIGNALS.map((s) => signalAt(frame, 'A1', '2025-04-30', s))).toEqual([0, 46, 1]);
    expect(PAYMENT_SIGNALS.map((s) => signalAt(frame, 'A2', '2025-04-30', s))).toEqual([1, 0, 4]);
  });

  it('leaves payment status, days overdue and late payments unavailable without due dates, not perfect', async () => {
    const { frame } = keep(
      await loadWorkbenchData(
        writeExports({
          accounts,
          usage_events: usage,
          invoices: invoices.map((i) => ({ ...i, due_date: null })),
          churn: [],
        }),
      ),
    );
    for (const s of PAYMENT_SIGNALS) expect(column(frame, s).every(Number.isNaN), s).toBe(true);
    // Amounts need no due date: the plan-change signal is still read.
    expect(signalAt(frame, 'A1', '2025-04-30', 'subscription_change')).toBe(1);
  });

  it('leaves them unavailable without paid dates too, rather than reading every invoice as unpaid', async () => {
    const { frame } = keep(
      await loadWorkbenchData(
        writeExports({
          accounts,
          usage_events: usage,
          invoices: invoices.map((i) => ({ ...i, paid_date: null })),
          churn: [],
        }),
      ),
    );
    for (const s of PAYMENT_SIGNALS) expect(column(frame, s).every(Number.isNaN), s).toBe(true);
  });

  it('leaves escalations unavailable without an escalation flag and open tickets without closing dates', async () => {
    const tickets: Row[] = [
      {
        ticket_id: 'T1',
        account_id: 'A1',
        opened_at: '2025-02-03 09:00:00',
        closed_at: null,
        priority: 'high',
        csat: null,
        escalated: null,
      },
      {
        ticket_id: 'T2',
        account_id: 'A2',
        opened_at: '2025-04-10 09:00:00',
        closed_at: null,
        priority: 'low',
        csat: null,
        escalated: null,
      },
    ];
    const { frame } = keep(
      await loadWorkbenchData(writeExports({ accounts, usage_events: usage, tickets, churn: [] })),
    );
    expect(column(frame, 'escalations_3m').every(Number.isNaN)).toBe(true);
    expect(column(frame, 'open_tickets').every(Number.isNaN)).toBe(true);
    // Ticket counts need only the opening dates.
    expect(signalAt(frame, 'A2', '2025-04-30', 'ticket_volume_ratio')).toBe(2);
  });
});

describe('a measure the export carries', () => {
  const tables: Tables = {
    accounts,
    usage_events: [
      // A1 stops using the product after March: rows in the baseline, none in April.
      ...weeklyUsage('A1', '2025-01-01', 12, () => 8),
      // A2's rows leave logins blank throughout: its tool did not report them.
      ...weeklyUsage('A2', '2025-01-01', 18, () => 8, { logins: null }),
      ...weeklyUsage('A3', '2025-01-01', 18, () => 8),
    ],
    churn: [],
  };

  it('reads no activity in the window as a real 0, and rows that leave it blank as unavailable', async () => {
    const { frame } = keep(await loadWorkbenchData(writeExports(tables)));
    const at = (a: string, s: SignalId) => signalAt(frame, a, '2025-04-30', s);
    for (const s of [
      'logins_trend',
      'key_actions_trend',
      'session_trend',
      'api_calls_trend',
      'feature_breadth',
      'seat_utilisation',
    ] as const) {
      expect(at('A1', s), s).toBe(0);
    }
    expect(at('A2', 'logins_trend')).toBeNaN();
    expect(at('A2', 'key_actions_trend')).toBe(1);
    expect(at('A3', 'logins_trend')).toBe(1);
  });
});
