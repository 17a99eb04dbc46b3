/**
 * The warehouse SQL's NPS signals (engine/core/export/portableNps.ts) on DuckDB, over a few answers at
 * the twelve-month window's edges, every value worked out by hand. At the month-end 2025-03-31 an answer
 * counts when given after 2024-03-31 and on or before 2025-03-31.
 */
import { describe, expect, it } from 'vitest';
import { portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, differences, fillTables, rowsByAccount } from '../support/warehouseTables.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const answer = (response_id: string, account_id: string, responded_at: string, score: number) => ({
  response_id,
  account_id,
  responded_at,
  score,
});

const signals = async () => rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));

describe('the warehouse NPS signals at a month-end', () => {
  it('count answers 12 months less a day old to those of the as-of date; the latest is the greatest id of the last day', async () => {
    await fillTables(database(), {
      accounts: [accountRow('N1'), accountRow('N2'), accountRow('N3')],
      nps: [
        answer('n1-a', 'N1', '2024-03-31', 0), // exactly twelve months old: out
        answer('n1-b', 'N1', '2024-04-01', 3),
        answer('n1-c', 'N1', AS_OF, 6),
        answer('n1-d', 'N1', AS_OF, 8), // same day, greater id: the latest
        answer('n1-e', 'N1', '2025-04-01', 10), // the day after: out
        answer('n2-a', 'N2', '2024-02-29', 9), // thirteen months old: out
      ],
    });
    expect(
      differences(await signals(), {
        N1: { nps_latest: 8, nps_responses_12m: 3 },
        // Answers, but none in the window: no latest, none counted.
        N2: { nps_latest: null, nps_responses_12m: 0 },
        N3: { nps_latest: null, nps_responses_12m: 0 },
      }),
    ).toEqual([]);
  });

  it('without NPS answers at all, both signals are unavailable, not 0', async () => {
    await fillTables(database(), { accounts: [accountRow('N4')] });
    expect(differences(await signals(), { N4: { nps_latest: null, nps_responses_12m: null } })).toEqual([]);
  });
});
