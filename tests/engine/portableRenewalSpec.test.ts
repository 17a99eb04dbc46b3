/**
 * The warehouse SQL's renewal signals (engine/core/export/portableRenewal.ts) on DuckDB, every value
 * worked out by hand at the month-end 2025-03-31: the accounts' renewal date when it falls after the
 * date and within twelve months, else the signup's next anniversary; with subscriptions, the nearest
 * end of a billing period and how many are active.
 */
import { describe, expect, it } from 'vitest';
import { portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, differences, fillTables, rowsByAccount } from '../support/warehouseTables.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const signals = async (subscriptions = false) =>
  rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1, subscriptions }));

describe('the warehouse renewal signals at a month-end', () => {
  it('read the renewal date up to exactly twelve months ahead, else the next anniversary of the signup', async () => {
    await fillTables(database(), {
      accounts: [
        accountRow('R1', { renewal_date: '2026-03-31' }), // exactly twelve months ahead: read
        accountRow('R2', { signup_date: '2022-01-15', renewal_date: '2026-04-01' }), // a day further: the anniversary
        accountRow('R3', { signup_date: '2020-03-31', renewal_date: AS_OF }), // passed: the anniversary on the date is too
        accountRow('R4', { signup_date: '2023-04-01' }), // the anniversary is the day after
        accountRow('R5', { signup_date: '2024-02-29' }), // anniversaries on 28 February
      ],
    });
    expect(
      differences(await signals(), {
        R1: { days_to_renewal: 365, active_subscriptions: null },
        // 2026-01-15: April to December (275 days) and 15.
        R2: { days_to_renewal: 275 + 15 },
        R3: { days_to_renewal: 365 },
        R4: { days_to_renewal: 1 },
        // 2026-02-28: 275 + 31 + 28.
        R5: { days_to_renewal: 275 + 31 + 28 },
      }),
    ).toEqual([]);
  });

  it('with subscriptions, the nearest end of a billing period and the count active; an account without any reads its renewal date', async () => {
    await fillTables(database(), {
      accounts: [accountRow('S1', { renewal_date: '2025-04-10' }), accountRow('S2', { renewal_date: '2025-04-10' })],
      subscriptions: [
        // Yearly from 2024-06-01: its period ends on 2025-06-01; the add-on's on 2026-02-01.
        { subscription_id: 'base', account_id: 'S1', start_date: '2024-06-01', arr: 12000, billing_period: 'year' },
        { subscription_id: 'addon', account_id: 'S1', start_date: '2025-02-01', arr: 6000, billing_period: 'year' },
      ],
    });
    expect(
      differences(await signals(true), {
        S1: { days_to_renewal: 30 + 31 + 1, active_subscriptions: 2 },
        S2: { days_to_renewal: 10, active_subscriptions: null },
      }),
    ).toEqual([]);
  });
});
