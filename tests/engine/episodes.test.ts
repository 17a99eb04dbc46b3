/**
 * Churn as episodes and subscriptions, against dates worked by hand: an account that churns, comes back and
 * churns again; a renewal that starts 20 days late under 30 and 10 days of grace; a churn row while a
 * subscription is open; what the subscriptions say at a snapshot, and that a later one changes nothing there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outcomeAt, type SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { accountEpisodes } from '../../engine/node/snapshots/episodes.js';
import { outcomeAccounting } from '../../engine/node/snapshots/episodeTable.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import { rowIndex, signalAt, weeklyUsage, writeExports, type Row } from './fixtures.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('episodes of one account (pure)', () => {
  it('ends an episode at a churn and starts the next at a reactivation; a second churn in a row does nothing', () => {
    const r = accountEpisodes(
      {
        signup: day('2023-01-10'),
        events: [
          { day: day('2025-02-10'), reactivation: false },
          { day: day('2024-06-15'), reactivation: false },
          { day: day('2024-08-15'), reactivation: true },
          { day: day('2025-03-01'), reactivation: false },
        ],
        subscriptions: [],
      },
      30,
      day('2025-06-30'),
    );
    expect(r.spans.map((s) => [s.start, s.end, s.churn, s.ageFrom, s.nextStart, s.episode])).toEqual([
      [day('2023-01-10'), day('2024-06-15'), day('2024-06-15'), day('2023-01-10'), day('2024-08-15'), 1],
      [day('2024-08-15'), day('2025-02-10'), day('2025-02-10'), day('2024-08-15'), null, 2],
    ]);
    expect(r.effects).toEqual([
      'ends an episode',
      'ends an episode',
      'starts an episode',
      'already churned: no reactivation in between',
    ]);
  });

  it('merges subscriptions whose gap is within the grace period, and splits them beyond it', () => {
    const subs = [
      { start: day('2023-01-01'), end: day('2024-09-30') },
      { start: day('2024-10-20'), end: null },
    ];
    const h = { signup: day('2023-01-01'), events: [], subscriptions: subs };
    const grace30 = accountEpisodes(h, 30, day('2025-06-30'));
    expect(grace30.episodes).toBe(1);
    expect(grace30.spans.map((s) => s.churn)).toEqual([null, null]);
    // Gap of exactly 20 days: no churn at 20 days of grace either, churn at 19.
    expect(accountEpisodes(h, 20, day('2025-06-30')).episodes).toBe(1);
    const grace10 = accountEpisodes(h, 19, day('2025-06-30'));
    expect(grace10.episodes).toBe(2);
    expect(grace10.spans.map((s) => [s.churn, s.ageFrom])).toEqual([
      [day('2024-09-30'), day('2023-01-01')],
      [null, day('2024-10-20')],
    ]);
  });

  it('reports a churn row dated while a subscription is open, and matches one near a subscription end', () => {
    const open = accountEpisodes(
      {
        signup: day('2023-05-01'),
        events: [{ day: day('2024-11-15'), reactivation: false }],
        subscriptions: [{ start: day('2023-05-01'), end: null }],
      },
      30,
      day('2025-06-30'),
    );
    expect(open.conflict).toBe(true);
    expect(open.effects).toEqual(['a subscription was still open']);
    expect(open.spans.map((s) => s.churn)).toEqual([null]);
    const near = accountEpisodes(
      {
        signup: day('2023-05-01'),
        events: [{ day: day('2024-11-20'), reactivation: false }],
        subscriptions: [{ start: day('2023-05-01'), end: day('2024-12-01') }],
      },
      30,
      day('2025-06-30'),
    );
    expect([near.conflict, near.effects, near.spans[0]!.churn]).toEqual([
      false,
      ['matches a subscription end'],
      day('2024-12-01'),
    ]);
  });

  it('leaves an end after the last observed date open: it has not happened as far as the data knows', () => {
    const r = accountEpisodes(
      { signup: null, events: [], subscriptions: [{ start: day('2024-01-01'), end: day('2025-09-01') }] },
      30,
      day('2025-06-30'),
    );
    expect(r.spans.map((s) => [s.churn, s.ageFrom])).toEqual([[null, day('2024-01-01')]]);
  });
});

const usage = (id: string) => weeklyUsage(id, '2024-01-01', 78, () => 5); // last row 2025-06-23
const accounts: Row[] = [
  { account_id: 'R', name: 'Returns', segment: 'SMB', plan: 'Starter', signup_date: '2023-01-10', arr: 1000, seats: 5 },
  {
    account_id: 'G',
    name: 'Late renewal',
    segment: 'SMB',
    plan: 'Starter',
    signup_date: '2023-01-01',
    arr: 1,
    seats: 5,
  },
  { account_id: 'C', name: 'Conflict', segment: 'SMB', plan: 'Starter', signup_date: '2023-05-01', arr: 1, seats: 5 },
  { account_id: 'P', name: 'Two subs', segment: 'SMB', plan: 'Starter', signup_date: '2023-03-01', arr: 1, seats: 5 },
  {
    account_id: 'N',
    name: 'Renewal date',
    segment: 'SMB',
    plan: 'Starter',
    signup_date: '2023-02-10',
    renewal_date: '2025-01-01',
    arr: 2000,
    seats: 5,
  },
];
const churn: Row[] = [
  { account_id: 'R', churn_date: '2024-06-15', reason: 'budget', reactivation: false },
  { account_id: 'R', churn_date: '2024-08-15', reason: 'came back', reactivation: true },
  { account_id: 'R', churn_date: '2025-02-10', reason: 'budget', reactivation: false },
  { account_id: 'C', churn_date: '2024-11-15', reason: 'marked by hand', reactivation: false },
];
const SUB_HEADER =
  'subscription_id,account_id,start_date,end_date,status,plan,seats,mrr,arr,trial,auto_renew,billing_period';
const SUBS = [
  'sub_g1,G,2023-01-01,2024-09-30,canceled,Starter,5,100,,false,false,month',
  'sub_g2,G,2024-10-20,,active,Starter,5,100,,false,true,month',
  'sub_c1,C,2023-05-01,,active,Starter,5,,6000,false,true,year',
  'sub_p1,P,2023-03-01,,active,Starter,10,1000,,false,true,month',
];
const LATER_SUB = 'sub_p2,P,2024-12-05,,active,Professional,20,,24000,false,true,year';

async function load(subs: string[]): Promise<LoadedData> {
  const dir = writeExports({ accounts, churn, usage_events: accounts.flatMap((a) => usage(String(a.account_id))) });
  writeFileSync(join(dir, 'subscriptions.csv'), [SUB_HEADER, ...subs].join('\n') + '\n');
  return loadWorkbenchData(dir);
}

describe('snapshots with episodes and subscriptions', () => {
  const opened: LoadedData[] = [];
  afterAll(() => opened.forEach((d) => d.close()));
  const data = (subs = [...SUBS, LATER_SUB]) =>
    load(subs).then((d) => {
      opened.push(d);
      return d;
    });
  const present = (f: SnapshotFrame, id: string) =>
    f.meta.periods.filter((p) => rowIndex(f, id, p) >= 0).map((p) => p.slice(0, 7));

  it('scores both episodes of an account that came back, none between, each labelled by its own churn', async () => {
    const { frame: f } = await data();
    expect(f.meta.periods[0]).toBe('2024-03-31');
    expect(present(f, 'R')).toEqual([
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
    ]);
    const at = (p: string) => rowIndex(f, 'R', p);
    expect([at('2024-03-31'), at('2024-04-30'), at('2024-05-31')].map((i) => f.daysToChurn[i])).toEqual([76, 46, 15]);
    expect(f.daysToChurn[at('2024-08-31')]).toBe(163); // 2025-02-10, the second churn
    expect(f.daysToChurn[at('2025-01-31')]).toBe(10);
    expect(outcomeAt(f, at('2024-05-31'), 30)).toBe(1);
    expect(outcomeAt(f, at('2024-04-30'), 30)).toBe(0);
    expect(outcomeAt(f, at('2024-08-31'), 90)).toBe(0);
    expect(outcomeAt(f, at('2025-01-31'), 30)).toBe(1);
    // Age restarts at the reactivation: the returning account is onboarding again.
    expect([f.ageDays[at('2024-05-31')], f.onboarding[at('2024-05-31')]]).toEqual([507, 0]);
    expect([f.ageDays[at('2024-08-31')], f.onboarding[at('2024-08-31')]]).toEqual([16, 1]);
    // Without subscriptions the account keeps its accounts-export ARR and has no subscription count.
    expect(f.arr[at('2024-08-31')]).toBe(1000);
    expect(signalAt(f, 'R', '2024-08-31', 'active_subscriptions')).toBeNaN();
  });

  it('a renewal 20 days late is no churn under 30 days of grace and churn under 10; the gap has no snapshot', async () => {
    const d = await data();
    const f30 = d.frame;
    expect(present(f30, 'G')).not.toContain('2024-09');
    expect(present(f30, 'G')).toContain('2024-10');
    expect(f30.daysToChurn[rowIndex(f30, 'G', '2024-08-31')]).toBeNaN();
    expect(f30.ageDays[rowIndex(f30, 'G', '2024-10-31')]).toBe(669); // still the first episode, from 2023-01-01
    const f10 = await d.frameAt('monthly', 10);
    expect(f10.daysToChurn[rowIndex(f10, 'G', '2024-08-31')]).toBe(30); // the subscription ended 2024-09-30
    expect(outcomeAt(f10, rowIndex(f10, 'G', '2024-08-31'), 30)).toBe(1);
    expect(f10.ageDays[rowIndex(f10, 'G', '2024-10-31')]).toBe(11); // a new episode from 2024-10-20
    expect(f10.arr[rowIndex(f10, 'G', '2024-10-31')]).toBe(1200); // MRR 100 × 12
  });

  it('keeps an account active while its subscription is open, and reports the churn row that says otherwise', async () => {
    const d = await data();
    expect(present(d.frame, 'C')).toHaveLength(d.frame.meta.periods.length);
    expect(d.frame.daysToChurn[rowIndex(d.frame, 'C', '2024-10-31')]).toBeNaN();
    const acc = await outcomeAccounting(d.db, d.frame.meta.observedThrough);
    expect(acc.conflictAccounts).toBe(1);
    expect(acc.conflictExamples).toEqual(['C']);
    expect(acc.churnRowEffects).toEqual([
      { effect: 'ends an episode', rows: 2, used: true },
      { effect: 'starts an episode', rows: 1, used: true },
      { effect: 'a subscription was still open', rows: 1, used: false },
    ]);
    expect(acc.churnRowEffects.reduce((n, e) => n + e.rows, 0)).toBe(acc.churnRows);
    expect([acc.episodes, acc.reactivations, acc.churnsFromEvents, acc.churnsFromSubscriptions]).toEqual([6, 1, 2, 0]);
    expect([acc.accountsBySubscriptions, acc.accountsWithoutSubscriptions]).toEqual([3, 2]);
    // The Data tab shows the same accounting, at the default grace period.
    expect((await dataQuality(d.db, d.frame)).outcomes).toEqual(acc);
    const acc10 = await outcomeAccounting(d.db, d.frame.meta.observedThrough, 10);
    expect([acc10.episodes, acc10.reactivations, acc10.churnsFromSubscriptions]).toEqual([7, 2, 1]);
  });

  it('reads ARR, plan, seats, subscriptions and the next renewal from the subscriptions active at the date', async () => {
    const { frame: f } = await data();
    const at = (p: string) => rowIndex(f, 'P', p);
    expect(f.arr[at('2024-11-30')]).toBe(12000);
    expect(f.meta.plans[f.plan[at('2024-11-30')]!]).toBe('Starter');
    expect(signalAt(f, 'P', '2024-11-30', 'active_subscriptions')).toBe(1);
    expect(signalAt(f, 'P', '2024-11-30', 'days_to_renewal')).toBe(1); // monthly from the 1st: 2024-12-01
    expect(signalAt(f, 'P', '2024-11-30', 'subscription_change')).toBe(1);
    expect(f.arr[at('2024-12-31')]).toBe(36000);
    expect(f.meta.plans[f.plan[at('2024-12-31')]!]).toBe('Professional');
    expect(signalAt(f, 'P', '2024-12-31', 'active_subscriptions')).toBe(2);
    expect(signalAt(f, 'P', '2024-12-31', 'subscription_change')).toBe(3); // 36,000 against 12,000 at 2024-09-30
    // Seats come from the subscriptions: 5 active users over 10 seats, then over 30.
    expect(signalAt(f, 'P', '2024-11-30', 'seat_utilisation')).toBeCloseTo(0.5, 6);
    expect(signalAt(f, 'P', '2024-12-31', 'seat_utilisation')).toBeCloseTo(5 / 30, 6);
  });

  it('uses a mapped renewal date due within a year, and the signup anniversary otherwise', async () => {
    const { frame: f } = await data();
    expect(signalAt(f, 'N', '2024-03-31', 'days_to_renewal')).toBe(276); // 2025-01-01
    expect(signalAt(f, 'N', '2024-12-31', 'days_to_renewal')).toBe(1);
    expect(signalAt(f, 'N', '2025-01-31', 'days_to_renewal')).toBe(10); // past it: the anniversary 2025-02-10
  });

  it('is point-in-time: a subscription starting after the snapshot changes nothing at it', async () => {
    const [withLater, without] = [(await data()).frame, (await data(SUBS)).frame];
    const cols = (f: SnapshotFrame, i: number) => [
      f.arr[i],
      f.meta.plans[f.plan[i]!],
      f.ageDays[i],
      f.daysToChurn[i],
      ...Object.values(f.values).map((v) => v![i]),
    ];
    for (const p of without.meta.periods.filter((x) => x < '2024-12-05'))
      expect(cols(withLater, rowIndex(withLater, 'P', p))).toEqual(cols(without, rowIndex(without, 'P', p)));
    expect(withLater.arr[rowIndex(withLater, 'P', '2024-12-31')]).not.toBe(
      without.arr[rowIndex(without, 'P', '2024-12-31')],
    );
  });
});
