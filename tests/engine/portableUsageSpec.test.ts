/**
 * The warehouse SQL's usage signals (engine/core/export/portableUsage.ts) on DuckDB, over a few usage
 * rows per account placed at the windows' edges, every value worked out by hand. At the month-end
 * 2025-03-31 the windows are, by the month holding a row's last day: current = March 2025, baseline =
 * January to March 2025, year ago = March 2024, growth = December 2024.
 */
import { describe, expect, it } from 'vitest';
import { portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { specDatabase } from '../support/builtinSpecs.js';
import {
  accountRow,
  differences,
  fillTables,
  rowsByAccount,
  usageRow,
  type Expected,
} from '../support/warehouseTables.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const ALL_NULL: Expected = Object.fromEntries(
  [
    'logins_trend',
    'session_trend',
    'api_calls_trend',
    'key_actions_trend',
    'feature_breadth',
    'active_users_change',
    'seat_utilisation',
    'logins_yoy',
    'session_yoy',
    'key_actions_yoy',
    'api_calls_yoy',
    'training_completions',
    'community_actions',
  ].map((s) => [s, null]),
);

describe('the warehouse usage signals at a month-end, daily rows', () => {
  it('read each window to its edges: a row on the as-of date counts, one the day after does not', async () => {
    const m = (
      au: number,
      logins: number,
      feat: number,
      ka: number,
      sess: number,
      api: number,
      tr: number,
      co: number,
    ) => ({
      active_users: au,
      logins,
      features_used: feat,
      key_actions: ka,
      session_minutes: sess,
      api_calls: api,
      trainings_completed: tr,
      community_actions: co,
    });
    await fillTables(database(), {
      accounts: [accountRow('U1')],
      usage_events: [
        usageRow('U1', '2024-02-29', { logins: 1000 }), // 13 months back: no window
        usageRow('U1', '2024-03-31', m(4, 20, 5, 10, 200, 50, 0, 0)), // the year-ago month's last day
        usageRow('U1', '2024-04-01', { logins: 500 }), // 11 months back: no window
        usageRow('U1', '2024-11-30', { active_users: 100 }), // 4 months back: not growth
        usageRow('U1', '2024-12-31', m(2, 3, 3, 3, 30, 30, 1, 1)), // growth; the day before the baseline
        usageRow('U1', '2025-01-01', m(3, 4, 4, 2, 40, 20, 1, 2)), // the baseline's first day
        usageRow('U1', '2025-02-28', m(3, 6, 6, 4, 50, 40, 2, 3)),
        usageRow('U1', '2025-03-31', m(6, 11, 10, 8, 140, 60, 3, 4)), // on the as-of date: current
        usageRow('U1', '2025-04-01', m(50, 500, 20, 99, 999, 999, 9, 99)), // the day after: nowhere
      ],
    });
    const got = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));
    expect(
      differences(got, {
        U1: {
          logins_trend: 11 / ((4 + 6 + 11) / 3),
          session_trend: 140 / ((40 + 50 + 140) / 3),
          api_calls_trend: 60 / ((20 + 40 + 60) / 3),
          key_actions_trend: 8 / ((2 + 4 + 8) / 3),
          feature_breadth: 10 / 20,
          active_users_change: 6 / 2,
          seat_utilisation: 6 / 10,
          logins_yoy: 11 / 20,
          session_yoy: 140 / 200,
          key_actions_yoy: 8 / 10,
          api_calls_yoy: 60 / 50,
          training_completions: 1 + 2 + 3,
          community_actions: 4,
        },
      }),
    ).toEqual([]);
  });

  it('an account whose usage stopped before the current month reads 0, not unavailable; without seats, no utilisation', async () => {
    await fillTables(database(), {
      accounts: [accountRow('U2', { seats: null })],
      usage_events: [
        usageRow('U2', '2024-12-31', { active_users: 4, logins: 3 }),
        usageRow('U2', '2025-02-15', {
          active_users: 2,
          logins: 5,
          features_used: 4,
          key_actions: 1,
          session_minutes: 10,
          api_calls: 5,
          trainings_completed: 2,
          community_actions: 1,
        }),
      ],
    });
    const got = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));
    expect(
      differences(got, {
        U2: {
          logins_trend: 0,
          session_trend: 0,
          api_calls_trend: 0,
          key_actions_trend: 0,
          feature_breadth: 0,
          // No rows this month: none active, against December's 4.
          active_users_change: 0,
          seat_utilisation: null,
          logins_yoy: null,
          session_yoy: null,
          key_actions_yoy: null,
          api_calls_yoy: null,
          training_completions: 2,
          community_actions: 0,
        },
      }),
    ).toEqual([]);
  });

  it('a measure the rows do not carry is unavailable, never 0; so is every signal of an account without usage', async () => {
    await fillTables(database(), {
      accounts: [accountRow('U3', { seats: 4 }), accountRow('U4'), accountRow('U5')],
      usage_events: [
        usageRow('U3', '2024-03-10', { logins: 10 }),
        usageRow('U3', '2024-12-10', { active_users: 1 }),
        usageRow('U3', '2025-02-10', { logins: 5, active_users: 2 }),
        usageRow('U3', '2025-03-10', { logins: 5, active_users: 2 }),
        // U4's rows this month leave logins blank: unknown, not a stop.
        usageRow('U4', '2025-01-05', { logins: 6, active_users: 1 }),
        usageRow('U4', '2025-03-05', { active_users: 1 }),
      ],
    });
    const got = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));
    expect(
      differences(got, {
        U3: {
          ...ALL_NULL,
          logins_trend: 5 / 5,
          logins_yoy: 5 / 10,
          active_users_change: 2 / 1,
          seat_utilisation: 2 / 4,
        },
        U4: { logins_trend: null, logins_yoy: null, seat_utilisation: 1 / 10 },
        U5: ALL_NULL,
      }),
    ).toEqual([]);
  });
});

describe('the warehouse usage signals at a month-end, weekly rows', () => {
  it('a weekly row counts in the month holding its last day', async () => {
    await fillTables(database(), {
      accounts: [accountRow('W1')],
      usage_events: [
        usageRow('W1', '2025-02-22', { logins: 3 }), // 22–28 February
        usageRow('W1', '2025-02-23', { logins: 5 }), // 23 February – 1 March: March
        usageRow('W1', '2025-03-25', { logins: 7 }), // 25–31 March
        usageRow('W1', '2025-03-26', { logins: 100 }), // 26 March – 1 April: after the as-of date
      ],
    });
    const got = await rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 7 }));
    expect(differences(got, { W1: { logins_trend: (5 + 7) / 2 / ((3 + 5 + 7) / 3) } })).toEqual([]);
  });
});
