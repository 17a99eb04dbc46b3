/**
 * The warehouse signal query as a whole (engine/core/export/portableSignals.ts) on DuckDB: the lines it
 * starts with, which accounts it scores at the month-end 2025-03-31 and with what ARR, age, segment and
 * plan, subscriptions, custom signals, and the as-of date it refuses. Every value worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { CustomSignal } from '../../engine/core/api/schema/customSignal.js';
import { portableSignalColumns, portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { header } from '../../engine/core/export/portableSignals.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, differences, fillTables, rowsByAccount, usageRow } from '../support/warehouseTables.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const READS =
  "-- Reads accounts, usage_events, tickets, invoices, nps, churn (with its reactivation flag), with the workbench's column names.";
const EPISODES =
  "-- Churn as episodes: a churn row ends an account's episode, a row flagged as a reactivation starts the next (age counts again from it).";
const NO_SUBS =
  '-- Subscriptions are not read (generated without them): correct for exports without a subscriptions table; if yours has one, generate the query with subscriptions.';
const UNAVAILABLE =
  "-- A measure or column the tables do not carry (blank throughout, or blank in an account's rows) is unavailable, never 0.";
const LAST = '-- To score another month-end, change the date in "params". Runs unchanged on DuckDB and PostgreSQL.';

const loginsSum: CustomSignal = {
  id: 'custom.logins_30d',
  label: 'Logins, 30 days',
  category: 'engagement',
  table: 'usage_events',
  column: 'logins',
  aggregation: 'sum',
  window: 30,
  comparison: 'value',
  direction: 'higher_is_healthier',
};
const accountsArr: CustomSignal = {
  ...loginsSum,
  id: 'custom.arr_now',
  table: 'accounts',
  column: 'arr',
  aggregation: 'max',
};
const eventTiers: CustomSignal = {
  ...loginsSum,
  id: 'custom.tier_events',
  table: 'product_events',
  column: 'x_plan_tier',
  aggregation: 'count',
};

describe('the lines the warehouse SQL starts with', () => {
  it('say what it reads, how churn and missing measures are read, and how to score another date', () => {
    expect(header({ asOf: AS_OF, usageIntervalDays: 1 })).toBe(
      [READS, EPISODES, NO_SUBS, UNAVAILABLE, LAST, ''].join('\n'),
    );
  });

  it('with subscriptions, say they are read and the grace period that joins episodes (the default 30 days)', () => {
    const subs = (graceDays?: number) =>
      header({ asOf: AS_OF, usageIntervalDays: 1, subscriptions: true, graceDays }).split('\n').slice(0, 3);
    const reads =
      "-- Reads accounts, usage_events, tickets, invoices, nps, churn (with its reactivation flag) and subscriptions, with the workbench's column names.";
    const gaps = (n: number) =>
      `-- Accounts with subscriptions are active while one is open (gaps of up to ${n} days are one episode); ARR, plan, seats and renewal come from them.`;
    expect(subs()).toEqual([reads, EPISODES, gaps(30)]);
    expect(subs(45)).toEqual([reads, EPISODES, gaps(45)]);
  });

  it('name the extra columns custom signals read, the accounts table as of its export date or as it is, and product events', () => {
    const lines = (customSignals: CustomSignal[], accountsExportDate?: string) =>
      header({ asOf: AS_OF, usageIntervalDays: 1, customSignals, accountsExportDate }).split('\n').slice(4, -2);
    expect(lines([loginsSum])).toEqual([]);
    expect(
      lines([eventTiers, { ...eventTiers, id: 'custom.again' }, { ...eventTiers, id: 'custom.os', column: 'x_os' }]),
    ).toEqual([
      '-- Custom signals read extra columns kept at import (product_events.x_plan_tier, product_events.x_os): the warehouse tables must carry them under these names and types.',
      '-- Custom signals read product_events: one row per product event (account_id, date, seq: the order events happened in, user_id, event, and the extra columns).',
    ]);
    expect(lines([accountsArr], '2025-02-28')).toEqual([
      '-- Custom signals read the accounts table as exported on 2025-02-28: known from that date, unavailable before it.',
    ]);
    expect(lines([accountsArr])).toEqual([
      '-- Custom signals read the accounts table as it is: it is taken to describe the accounts at the as-of date (no point-in-time guarantee).',
    ]);
  });

  it('head the signal query, which then returns its columns in order', () => {
    const sql = portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 });
    expect(sql.startsWith(`${header({ asOf: AS_OF, usageIntervalDays: 1 })}WITH params AS (`)).toBe(true);
    expect(sql.endsWith(`SELECT ${portableSignalColumns().join(', ')} FROM sig32\nORDER BY account_id;\n`)).toBe(true);
    expect(portableSignalColumns([loginsSum])).toEqual([
      'account_id',
      'segment',
      'plan',
      'region',
      'arr',
      'age_days',
      'as_of',
      ...SIGNAL_IDS,
      'custom_logins_30d',
    ]);
  });
});

describe('the warehouse signal query', () => {
  it('refuses an as-of date that is not YYYY-MM-DD, naming it', () => {
    for (const asOf of ['2025-3-31', ' 2025-03-31', '2025-03-31 ', '12025-03-31', '2025-03-310', '2025/03/31'])
      expect(() => portableSignalsSql({ asOf, usageIntervalDays: 1 }), asOf).toThrow(
        `asOf must be YYYY-MM-DD, got ${asOf}`,
      );
  });

  it('scores the accounts active at the date, with their segment, plan, region, ARR and age as the engine keeps them', async () => {
    await fillTables(database(), {
      accounts: [
        accountRow('A-NEW', { signup_date: AS_OF, arr: 0.1, segment: null, region: null, plan: null }),
        accountRow('A-LATE', { signup_date: '2025-04-01' }), // signs up the day after
        accountRow('A-OLD', { signup_date: '1800-01-01', arr: null, segment: 'Enterprise', plan: 'Pro' }),
        accountRow('A-GONE', { signup_date: '2024-01-01' }),
        accountRow('A-BACK', { signup_date: '2024-01-01' }),
      ],
      churn: [
        { account_id: 'A-GONE', churn_date: '2024-06-30', reason: 'budget', reactivation: false },
        { account_id: 'A-BACK', churn_date: '2024-06-30', reason: 'budget', reactivation: false },
        { account_id: 'A-BACK', churn_date: '2025-03-01', reason: null, reactivation: true },
      ],
    });
    const got = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));
    expect([...got.keys()].sort()).toEqual(['A-BACK', 'A-NEW', 'A-OLD']);
    const facts = (id: string) => {
      const r = got.get(id)!;
      // age_days is a BIGINT, which the JSON rows give as text.
      return [r.segment, r.plan, r.region, r.arr, Number(r.age_days), r.as_of];
    };
    // ARR as a 32-bit float; age capped one below the unknown marker (65535).
    expect(facts('A-NEW')).toEqual(['Unknown', 'Unknown', 'Unknown', Math.fround(0.1), 0, AS_OF]);
    expect(facts('A-OLD')).toEqual(['Enterprise', 'Pro', 'EMEA', null, 65534, AS_OF]);
    // Aged from the reactivation on 2025-03-01.
    expect(facts('A-BACK')[4]).toBe(30);
  });

  it('with subscriptions, an account they describe takes its ARR and seats from those open at the date', async () => {
    await fillTables(database(), {
      accounts: [
        accountRow('S1', { arr: 6000, seats: 10 }),
        accountRow('S2', { arr: 6000, seats: 10 }),
        accountRow('S3'),
      ],
      subscriptions: [
        { subscription_id: 's1', account_id: 'S1', start_date: '2024-06-01', arr: 12000, seats: 20, plan: 'Pro' },
        // Open at the date but without ARR: the account's ARR is 0, not its accounts row's.
        { subscription_id: 's2', account_id: 'S2', start_date: '2024-06-01', seats: 4, plan: 'Pro' },
        // Ended before the date: not active, so not scored.
        {
          subscription_id: 's3',
          account_id: 'S3',
          start_date: '2024-01-01',
          end_date: '2024-12-31',
          arr: 1000,
          seats: 1,
        },
      ],
      usage_events: ['S1', 'S2'].map((id) => usageRow(id, '2025-03-15', { active_users: 4 })),
    });
    const got = await rowsByAccount(
      database(),
      portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1, subscriptions: true }),
    );
    expect([...got.keys()].sort()).toEqual(['S1', 'S2']);
    expect(
      differences(got, {
        S1: { arr: 12000, seat_utilisation: 4 / 20 },
        S2: { arr: 0, seat_utilisation: 4 / 4 },
      }),
    ).toEqual([]);
    expect([got.get('S1')!.plan, got.get('S2')!.plan]).toEqual(['Pro', 'Pro']);
    // Generated without subscriptions, the query does not read them: the accounts rows hold.
    const without = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));
    expect([...without.keys()].sort()).toEqual(['S1', 'S2', 'S3']);
    expect(differences(without, { S1: { arr: 6000, seat_utilisation: 4 / 10 } })).toEqual([]);
    expect(without.get('S1')!.plan).toBe('Starter');
  });

  it('adds custom signals after the built-ins; an accounts column is known from its export date on', async () => {
    await fillTables(database(), {
      accounts: [accountRow('C1', { arr: 7000 })],
      usage_events: [
        usageRow('C1', '2025-03-01', { logins: 3 }), // 31 days back: outside 30 days
        usageRow('C1', '2025-03-02', { logins: 4 }),
        usageRow('C1', AS_OF, { logins: 5 }),
      ],
    });
    const run = async (accountsExportDate?: string) =>
      (
        await rowsByAccount(
          database(),
          portableSignalsSql({
            asOf: AS_OF,
            usageIntervalDays: 1,
            customSignals: [loginsSum, accountsArr],
            accountsExportDate,
          }),
        )
      ).get('C1')!;
    expect([(await run(AS_OF)).custom_logins_30d, (await run(AS_OF)).custom_arr_now]).toEqual([4 + 5, 7000]);
    expect((await run('2025-06-30')).custom_arr_now).toBeNull();
    // Without an export date the table is taken as it is, describing the accounts at the as-of date.
    expect((await run(undefined)).custom_arr_now).toBe(7000);
  });

  it('reads the extra columns the loaded tables carry, as named', async () => {
    await fillTables(database(), {
      accounts: [accountRow('X1')],
      tickets: ['2025-03-02', '2025-03-20', '2025-03-25'].map((day, k) => ({
        ticket_id: `x${k}`,
        account_id: 'X1',
        opened_at: `${day} 09:00:00`,
      })),
    });
    // An extra column kept at import: gold on two tickets of the last 30 days (and on none before them).
    await database().conn.run('ALTER TABLE tickets ADD COLUMN x_tier VARCHAR');
    await database().conn.run("UPDATE tickets SET x_tier = CASE WHEN ticket_id = 'x1' THEN 'silver' ELSE 'gold' END");
    const gold: CustomSignal = {
      id: 'custom.gold_tickets',
      label: 'Gold tickets, 30 days',
      category: 'support',
      table: 'tickets',
      aggregation: 'count',
      where: { column: 'x_tier', equals: ['gold'] },
      window: 30,
      comparison: 'value',
      direction: 'higher_is_riskier',
    };
    const got = await rowsByAccount(
      database(),
      portableSignalsSql({
        asOf: AS_OF,
        usageIntervalDays: 1,
        customSignals: [gold],
        extraColumns: { tickets: { x_tier: 'category' } },
      }),
    );
    expect(got.get('X1')!.custom_gold_tickets).toBe(2);
  });
});
