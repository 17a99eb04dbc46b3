/**
 * A few accounts whose every source has one row dated exactly on the snapshot date D and one
 * dated the day after with a different amount (tests/engine/pointInTimeBoundaries.test.ts).
 * D = 2025-08-31 is a month-end and a Sunday, so it is a snapshot date at both cadences; the
 * exports end on D + 1, so D is the last snapshot of either.
 *
 * The convention (engine/node/snapshots/buildSnapshots.ts, the warehouse SQL in
 * engine/core/export/portableSignals.ts): a snapshot at D sees every row dated on or before D —
 * a ticket opened or closed any time on D, an invoice issued, due or paid on D, an NPS answer
 * given on D, a subscription started on D, an override set on D — and nothing dated D + 1.
 * Ends are exclusive: a subscription ending on D, an override expiring on D, a ticket closed at
 * 00:00 on D + 1 are over (or still open) by those rules. The outcome side looks strictly after D:
 * a renewal missed on D is not in the snapshot's future.
 *
 * What each account plants (every account has daily product usage, Mixpanel-style, 2025-01-01
 * to 2025-09-01, or from its signup):
 * - USE-01 usage on D with 33 logins, 30 features, 10 community actions; on D + 1 with 95, 60, 100.
 * - TIX-01 Zendesk tickets: one opened on D 23:30 (CSAT 5, escalated), one opened at 00:00 on D + 1
 *   (CSAT 1, escalated), one opened 2025-08-11 and closed at 00:00 on D + 1 (CSAT 1): open at D.
 * - INV-01 Stripe invoices of 100 at every month-end, due and paid on issue; 130 on D; 900 on D + 1.
 * - PAY-01 invoices paid on D (due 08-15), paid on D + 1 (due 08-20), and one due on D, unpaid.
 * - NPS-01 answers 12½ months, exactly 12 months and 12 months less a day before D; one on D (9)
 *   and one on D + 1 (2).
 * - SUB-01 Chargebee subscriptions: 12,000 since 2024-09-01, an add-on of 6,000 from D, an upgrade
 *   of 24,000 from D + 1. SUB-02 a 5,000 subscription ending on D, renewed as 7,000 from D.
 * - REN-01 / REN-02 Salesforce renewals missed on D / on D + 1 (and the accounts' renewal date the same).
 * - OVR-01 a CSM score override of 15 set on D, one of 95 set on D + 1. OVR-02 a Red override
 *   expiring on D + 1 (in force at D); OVR-03 a Green one expiring on D (not in force).
 * - NEW-00 signs up on D (scored at D, aged 0); NEW-01 signs up on D + 1 (not scored).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignalId } from '../../engine/core/signals/catalog.js';
import { writeExports, type Row } from './fixtures.js';

export const D = '2025-08-31';
export const NEXT = '2025-09-01';
/** The snapshot before D at each cadence (for the renewal missed on D). */
export const BEFORE = { monthly: '2025-07-31', weekly: '2025-08-24' } as const;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) out.push(iso(t));
  return out;
}

const account = (id: string, signup: string, extra: Row = {}): Row => ({
  account_id: id,
  name: `${id} Ltd`,
  segment: 'SMB',
  industry: 'Software',
  region: 'EMEA',
  plan: 'Starter',
  csm: 'Ana Silva',
  signup_date: signup,
  renewal_date: null,
  arr: 6000,
  seats: 10,
  ...extra,
});

const ACCOUNTS: Row[] = [
  account('USE-01', '2023-02-01'),
  account('TIX-01', '2023-02-01'),
  account('INV-01', '2023-02-01'),
  account('PAY-01', '2023-02-01'),
  account('NPS-01', '2023-02-01'),
  account('SUB-01', '2023-02-01', { plan: 'Professional', arr: 12000, seats: 20 }),
  account('SUB-02', '2023-02-01', { arr: 5000, seats: 10 }),
  account('REN-01', '2023-08-31', { renewal_date: D }),
  account('REN-02', '2023-09-01', { renewal_date: NEXT }),
  account('OVR-01', '2023-02-01'),
  account('OVR-02', '2023-02-01'),
  account('OVR-03', '2023-02-01'),
  account('NEW-00', D),
  account('NEW-01', NEXT),
];

function usage(): Row[] {
  const rows: Row[] = [];
  for (const a of ACCOUNTS) {
    const id = String(a.account_id);
    const from = String(a.signup_date) > '2025-01-01' ? String(a.signup_date) : '2025-01-01';
    for (const date of days(from, NEXT)) {
      const planted = id === 'USE-01' && (date === D || date === NEXT);
      rows.push({
        account_id: id,
        date,
        active_users: 5,
        logins: planted ? (date === D ? 33 : 95) : 2,
        features_used: planted ? (date === D ? 30 : 60) : 10,
        key_actions: 4,
        session_minutes: 60,
        api_calls: 100,
        community_actions: planted ? (date === D ? 10 : 100) : 1,
      });
    }
  }
  return rows;
}

const TICKETS: Row[] = [
  ['zd-9101', '2025-08-11 09:00:00', '2025-09-01 00:00:00', 1, false],
  ['zd-9102', '2025-08-31 23:30:00', '2025-08-31 23:50:00', 5, true],
  ['zd-9103', '2025-09-01 00:00:00', '2025-09-01 02:00:00', 1, true],
].map(([ticket_id, opened_at, closed_at, csat, escalated]) => ({
  ticket_id: ticket_id as string,
  account_id: 'TIX-01',
  opened_at: opened_at as string,
  closed_at: closed_at as string,
  priority: 'normal',
  csat: csat as number,
  escalated: escalated as boolean,
}));

function invoices(): Row[] {
  const rows: Row[] = [];
  // INV-01: a month-end invoice of 100 from 2024-09-30 to 2025-07-31, due and paid on issue.
  for (let m = 8; m <= 18; m++) {
    const issued = iso(Date.UTC(2024, m + 1, 0));
    rows.push({
      invoice_id: `in_INV01_${m}`,
      account_id: 'INV-01',
      issued_date: issued,
      due_date: issued,
      paid_date: issued,
      amount: 100,
      status: 'paid',
    });
  }
  rows.push(
    {
      invoice_id: 'in_INV01_d',
      account_id: 'INV-01',
      issued_date: D,
      due_date: D,
      paid_date: D,
      amount: 130,
      status: 'paid',
    },
    {
      invoice_id: 'in_INV01_n',
      account_id: 'INV-01',
      issued_date: NEXT,
      due_date: NEXT,
      paid_date: null,
      amount: 900,
      status: 'open',
    },
    {
      invoice_id: 'in_PAY01_1',
      account_id: 'PAY-01',
      issued_date: '2025-07-31',
      due_date: '2025-08-15',
      paid_date: D,
      amount: 50,
      status: 'paid',
    },
    {
      invoice_id: 'in_PAY01_2',
      account_id: 'PAY-01',
      issued_date: '2025-08-01',
      due_date: '2025-08-20',
      paid_date: NEXT,
      amount: 75,
      status: 'paid',
    },
    {
      invoice_id: 'in_PAY01_3',
      account_id: 'PAY-01',
      issued_date: '2025-08-17',
      due_date: D,
      paid_date: null,
      amount: 60,
      status: 'open',
    },
  );
  return rows;
}

const NPS: Row[] = (
  [
    ['2024-08-15', 0],
    ['2024-08-31', 3],
    ['2024-09-01', 6],
    [D, 9],
    [NEXT, 2],
  ] as const
).map(([responded_at, score], k) => ({ response_id: `dl-${k + 1}`, account_id: 'NPS-01', responded_at, score }));

const RENEWALS: Row[] = [
  { account_id: 'REN-01', renewal_date: '2024-08-31', renewed: true },
  { account_id: 'REN-01', renewal_date: D, renewed: false },
  { account_id: 'REN-02', renewal_date: '2024-09-01', renewed: true },
  { account_id: 'REN-02', renewal_date: NEXT, renewed: false },
];

const OVERRIDES: Row[] = [
  {
    account_id: 'OVR-01',
    created_at: D,
    tier: null,
    score: 15,
    reason: 'Champion left',
    author: 'Ana Silva',
    expires_at: null,
  },
  {
    account_id: 'OVR-01',
    created_at: NEXT,
    tier: null,
    score: 95,
    reason: 'Expansion signed',
    author: 'Ana Silva',
    expires_at: null,
  },
  {
    account_id: 'OVR-02',
    created_at: '2025-06-01',
    tier: 'Red',
    score: null,
    reason: 'Budget freeze',
    author: 'Ana Silva',
    expires_at: NEXT,
  },
  {
    account_id: 'OVR-03',
    created_at: '2025-06-01',
    tier: 'Green',
    score: null,
    reason: 'Sponsor re-engaged',
    author: 'Ana Silva',
    expires_at: D,
  },
];

const SUBSCRIPTIONS = [
  'subscription_id,account_id,start_date,end_date,status,plan,seats,mrr,arr,trial,auto_renew,billing_period',
  `sub_SUB01_base,SUB-01,2024-09-01,,active,Professional,20,,12000,false,true,year`,
  `sub_SUB01_addon,SUB-01,${D},,active,Professional,5,,6000,false,true,year`,
  `sub_SUB01_upgrade,SUB-01,${NEXT},,active,Enterprise,30,,24000,false,true,year`,
  `sub_SUB02_2024,SUB-02,2024-09-01,${D},cancelled,Starter,10,,5000,false,false,year`,
  `sub_SUB02_2025,SUB-02,${D},,active,Professional,10,,7000,false,true,year`,
];

/** The export folder: the workbench's standard files, plus subscriptions.csv. */
export function writeBoundaryExports(): string {
  const dir = writeExports({
    accounts: ACCOUNTS,
    usage_events: usage(),
    tickets: TICKETS,
    invoices: invoices(),
    nps: NPS,
    churn: [],
    renewals: RENEWALS,
    overrides: OVERRIDES,
  });
  writeFileSync(join(dir, 'subscriptions.csv'), SUBSCRIPTIONS.join('\n') + '\n');
  return dir;
}

/** A signal at D worked out by hand, per cadence (the warehouse SQL is monthly), and why. */
export interface Expected {
  id: string;
  signal: SignalId | 'arr';
  monthly: number | null;
  weekly: number | null;
  why: string;
}

const both = (id: string, signal: Expected['signal'], v: number | null, why: string): Expected => ({
  id,
  signal,
  monthly: v,
  weekly: v,
  why,
});

export const EXPECTED: Expected[] = [
  // Monthly: August's 31 rows against June–August's 92. Weekly: the 4 weeks to D (28 rows) against 13 (91 rows).
  {
    id: 'USE-01',
    signal: 'community_actions',
    monthly: 30 * 1 + 10,
    weekly: 27 * 1 + 10,
    why: "the current window's sum takes D's 10, not D + 1's 100",
  },
  {
    id: 'USE-01',
    signal: 'feature_breadth',
    monthly: (30 * 10 + 30) / 31 / 20,
    weekly: (27 * 10 + 30) / 28 / 20,
    why: "the mean features per row take D's 30, not D + 1's 60",
  },
  {
    id: 'USE-01',
    signal: 'logins_trend',
    monthly: 93 / 31 / (215 / 92),
    weekly: 87 / 28 / (213 / 91),
    why: "D's 33 logins in both the current window and the baseline, D + 1's 95 in neither",
  },
  both(
    'TIX-01',
    'ticket_volume_ratio',
    (2 + 1) / (0 / 3 + 1),
    'opened on 08-11 and at 23:30 on D: 2 this window, none before',
  ),
  both('TIX-01', 'escalations_3m', 1, 'the escalation opened on D counts, the one opened at 00:00 on D + 1 does not'),
  both('TIX-01', 'csat_last5', 5, 'only the ticket closed on D is rated by D; the one closed at 00:00 on D + 1 is not'),
  both('TIX-01', 'open_tickets', 1, 'a ticket closed at 00:00 on D + 1 was open at D; the one closed on D was not'),
  both(
    'INV-01',
    'subscription_change',
    110 / 100,
    'invoices issued in the last 3 months (100, 100, 130 on D) against the 9 before',
  ),
  both('INV-01', 'max_days_overdue', 0, 'every invoice paid on its due date, D included'),
  both('PAY-01', 'max_days_overdue', 11, 'paid on D: not overdue; paid on D + 1: 11 days past its 08-20 due date at D'),
  both('PAY-01', 'payment_current', 0, 'an invoice was overdue at D'),
  both('PAY-01', 'late_payments_6m', 2, 'both paid after their due date; the one due on D is not late yet'),
  both('NPS-01', 'nps_latest', 9, "the answer given on D, not D + 1's"),
  both(
    'NPS-01',
    'nps_responses_12m',
    2,
    'answers on D and 12 months less a day before; exactly 12 months or older are out',
  ),
  both('SUB-01', 'arr', 18000, 'the base and the add-on started on D; not the upgrade from D + 1'),
  both('SUB-01', 'active_subscriptions', 2, 'a subscription starting on D is active at D'),
  both('SUB-01', 'subscription_change', 18000 / 12000, 'ARR now against three months earlier'),
  both('SUB-01', 'seat_utilisation', 5 / 25, "5 active users over the active subscriptions' 25 seats"),
  both('SUB-01', 'days_to_renewal', 1, 'the base renews on 09-01; the add-on started on D renews in a year'),
  both('SUB-02', 'arr', 7000, 'the subscription ending on D is over, the renewal starting on D is on'),
  both(
    'SUB-02',
    'subscription_change',
    7000 / 5000,
    'the renewal at 7,000 against the 5,000 subscription three months earlier',
  ),
  both('SUB-02', 'active_subscriptions', 1, 'the hand-over on D counts one subscription, not two or none'),
  both('SUB-02', 'days_to_renewal', 365, 'the renewal started on D next renews on 2026-08-31'),
  both(
    'REN-01',
    'days_to_renewal',
    365,
    'a renewal date on D has passed: the next anniversary of the signup, 2026-08-31',
  ),
  both('REN-02', 'days_to_renewal', 1, 'the renewal date is D + 1'),
];
