/**
 * Reads each account's signup, churn rows and subscriptions, works out its
 * episodes (episodes.ts) and writes the active spans to snap_episodes, the
 * table every snapshot query joins; returns the accounting of every churn row.
 */
import type { Database } from '../data/duckdb.js';
import { accountEpisodes, EVENT_EFFECTS, USED_EFFECTS, type AccountHistory, type EventEffect } from './episodes.js';

import { DEFAULT_GRACE_DAYS } from '../../core/api/schema/backtest.js';

export interface OutcomeAccounting {
  graceDays: number;
  churnRows: number;
  /** Churn rows by what they did; every row is in exactly one. */
  churnRowEffects: { effect: string; rows: number; used: boolean }[];
  subscriptionRows: number;
  /** Accounts whose activity comes from subscriptions, and those (in an export with subscriptions) without any. */
  accountsBySubscriptions: number;
  accountsWithoutSubscriptions: number;
  episodes: number;
  reactivations: number;
  /** Episodes that ended in churn, by what ended them. */
  churnsFromEvents: number;
  churnsFromSubscriptions: number;
  /** Accounts with a churn row dated while a subscription was open, and a few of their ids. */
  conflictAccounts: number;
  conflictExamples: string[];
}

const DAY = `date_diff('day', DATE '1970-01-01', `;

/** Every column of the result, as arrays (empty ones too: DuckDB returns none for a result without rows). */
async function columns(db: Database, sql: string): Promise<unknown[][]> {
  const r = await db.conn.runAndReadAll(sql);
  const cols = r.getColumnsJS() as unknown[][];
  return r.columnNames().map((_, k) => cols[k] ?? []);
}

/** Accounts numbered in id order (aidx): the frame's account order, and what every snapshot batch starts from. */
export async function numberAccounts(db: Database): Promise<void> {
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE snap_accounts AS
    SELECT a.*, (row_number() OVER (ORDER BY a.account_id) - 1)::INTEGER AS aidx FROM accounts a`);
}

/** What every churn row and subscription did, for the Data tab: the snapshot build's accounting, without building. */
export async function outcomeAccounting(
  db: Database,
  observedThrough: string,
  graceDays = DEFAULT_GRACE_DAYS,
): Promise<OutcomeAccounting> {
  await numberAccounts(db);
  return buildEpisodeTable(db, graceDays, observedThrough, false);
}

/**
 * Build snap_episodes (aidx, ep_start, ep_end, churn_date, age_from, next_start, by_subs) from snap_accounts,
 * churn and subscriptions. Without subscriptions and reactivations this is one span per account from its signup
 * to its first churn, exactly the churn-is-final rule it generalises.
 */
export async function buildEpisodeTable(
  db: Database,
  graceDays: number,
  observedThrough: string,
  write = true,
): Promise<OutcomeAccounting> {
  const [aidx, ids, signup] = (await columns(
    db,
    `SELECT aidx, account_id, ${DAY}signup_date)::INTEGER FROM snap_accounts ORDER BY aidx`,
  )) as [number[], (string | null)[], (number | null)[]];
  const histories: {
    events: AccountHistory['events'][number][];
    subscriptions: AccountHistory['subscriptions'][number][];
  }[] = aidx.map(() => ({ events: [], subscriptions: [] }));
  const [churnAidx, churnDay, churnReactivation] = (await columns(
    db,
    `SELECT a.aidx, ${DAY}c.churn_date)::INTEGER, coalesce(c.reactivation, false)
     FROM churn c JOIN snap_accounts a USING (account_id) WHERE c.churn_date IS NOT NULL ORDER BY a.aidx, c.churn_date`,
  )) as [number[], number[], boolean[]];
  churnAidx.forEach((a, i) => histories[a]!.events.push({ day: churnDay[i]!, reactivation: churnReactivation[i]! }));
  const [subAidx, subStart, subEnd] = (await columns(
    db,
    `SELECT a.aidx, ${DAY}s.start_date)::INTEGER, ${DAY}s.end_date)::INTEGER
     FROM subscriptions s JOIN snap_accounts a USING (account_id) WHERE s.start_date IS NOT NULL ORDER BY a.aidx, s.start_date`,
  )) as [number[], number[], (number | null)[]];
  subAidx.forEach((a, i) => histories[a]!.subscriptions.push({ start: subStart[i]!, end: subEnd[i] ?? null }));
  const churnRows = Number((await columns(db, `SELECT count(*) FROM churn`))[0]![0]);
  const subscriptionRows = Number((await columns(db, `SELECT count(*) FROM subscriptions`))[0]![0]);

  const observed = Math.round(Date.parse(`${observedThrough}T00:00:00Z`) / 86_400_000);
  const effectCount = new Map<EventEffect, number>();
  const acc: OutcomeAccounting = {
    graceDays,
    churnRows,
    churnRowEffects: [],
    subscriptionRows,
    accountsBySubscriptions: 0,
    accountsWithoutSubscriptions: 0,
    episodes: 0,
    reactivations: 0,
    churnsFromEvents: 0,
    churnsFromSubscriptions: 0,
    conflictAccounts: 0,
    conflictExamples: [],
  };
  const out: [number, number, number | null, number | null, number | null, number | null, boolean][] = [];
  histories.forEach((h, a) => {
    const r = accountEpisodes({ signup: signup[a] ?? null, ...h }, graceDays, observed);
    for (const e of r.effects) effectCount.set(e, (effectCount.get(e) ?? 0) + 1);
    if (r.bySubscriptions) acc.accountsBySubscriptions++;
    else if (subscriptionRows > 0) acc.accountsWithoutSubscriptions++;
    acc.episodes += r.episodes;
    acc.reactivations += Math.max(0, r.episodes - 1);
    const churned = new Set(r.spans.filter((s) => s.churn !== null).map((s) => s.episode)).size;
    if (r.bySubscriptions) acc.churnsFromSubscriptions += churned;
    else acc.churnsFromEvents += churned;
    if (r.conflict) {
      acc.conflictAccounts++;
      if (acc.conflictExamples.length < 5) acc.conflictExamples.push(ids[a] ?? '');
    }
    for (const s of r.spans) out.push([a, s.start, s.end, s.churn, s.ageFrom, s.nextStart, r.bySubscriptions]);
  });
  // Rows naming no account in the accounts export, or without a date, never reach an account.
  const unmatched = churnRows - churnAidx.length;
  acc.churnRowEffects = EVENT_EFFECTS.filter((e) => effectCount.has(e)).map((e) => ({
    effect: e,
    rows: effectCount.get(e)!,
    used: USED_EFFECTS.has(e),
  }));
  if (unmatched > 0)
    acc.churnRowEffects.push({ effect: 'no account in the accounts export, or no date', rows: unmatched, used: false });

  if (write) {
    await db.conn.run(
      `CREATE OR REPLACE TEMP TABLE episode_days (aidx INTEGER, s INTEGER, e INTEGER, c INTEGER, age INTEGER, nxt INTEGER, by_subs BOOLEAN)`,
    );
    const app = await db.conn.createAppender('episode_days', 'main', 'temp');
    for (const [a, s, e, c, age, nxt, bySubs] of out) {
      app.appendInteger(a);
      app.appendInteger(s);
      for (const v of [e, c, age, nxt]) {
        if (v === null) app.appendNull();
        else app.appendInteger(v);
      }
      app.appendBoolean(bySubs);
      app.endRow();
    }
    app.closeSync();
    const day = (c: string) => `(DATE '1970-01-01' + ${c}::INTEGER)::DATE`;
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE snap_episodes AS
      SELECT aidx, ${day('s')} AS ep_start, ${day('e')} AS ep_end, ${day('c')} AS churn_date, ${day('age')} AS age_from,
        ${day('nxt')} AS next_start, by_subs FROM episode_days;
      DROP TABLE episode_days`);
  }
  return acc;
}
