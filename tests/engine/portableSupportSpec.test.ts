/**
 * The warehouse SQL's support signals (engine/core/export/portableSupport.ts) on DuckDB, over a few
 * tickets placed at the windows' edges, every value worked out by hand. At the month-end 2025-03-31,
 * by the month a ticket was opened in: this window = March 2025, the volume baseline = December 2024
 * to February 2025 (three months), the last 90 days = January to March 2025; sentiment now = opened
 * from 2025-01-01, before = from 2024-10-01 to the end of 2024.
 */
import { describe, expect, it } from 'vitest';
import { portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, differences, fillTables, rowsByAccount, type Expected } from '../support/warehouseTables.js';
import type { Row } from './fixtures.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

const ticket = (
  ticket_id: string,
  account_id: string,
  opened_at: string,
  closed_at: string | null,
  csat: number | null,
  escalated: boolean | null,
  sentiment: number | null,
): Row => ({ ticket_id, account_id, opened_at, closed_at, priority: 'normal', csat, escalated, sentiment });

const signals = async () => rowsByAccount(database(), portableSignalsSql({ asOf: AS_OF, usageIntervalDays: 1 }));

const SUPPORT_NULL: Expected = {
  ticket_volume_ratio: null,
  csat_last5: null,
  escalations_3m: null,
  open_tickets: null,
  sentiment_trend: null,
};

describe('the warehouse support signals at a month-end', () => {
  it('read each window to its edges: a ticket opened or closed on the as-of date counts, one after does not', async () => {
    await fillTables(database(), {
      accounts: [accountRow('T1'), accountRow('T2')],
      tickets: [
        ticket('t0', 'T1', '2024-09-30 12:00:00', '2024-10-01 09:00:00', null, false, -5), // before the sentiment windows
        ticket('t1', 'T1', '2024-11-30 23:00:00', '2024-12-01 09:00:00', 1, false, -0.5), // 4 months back: no count
        ticket('t2', 'T1', '2024-12-01 00:00:00', '2024-12-05 09:00:00', 2, true, 0), // the volume baseline's first instant
        ticket('t3', 'T1', '2025-01-01 00:00:00', '2025-01-03 09:00:00', 3, true, 0.5), // the 90 days' first instant
        ticket('t4', 'T1', '2025-02-10 09:00:00', '2025-02-11 09:00:00', 4, false, 0.75),
        ticket('t5', 'T1', '2025-03-02 09:00:00', '2025-03-03 09:00:00', 5, false, 1),
        ticket('t6', 'T1', '2025-03-20 09:00:00', '2025-03-31 23:59:00', 4, true, null), // closed on the as-of date
        ticket('t7', 'T1', '2025-03-31 22:00:00', '2025-04-01 00:00:00', 1, true, null), // open at the as-of date
        ticket('t8', 'T1', '2025-04-01 00:00:00', null, 1, true, -1), // opened the day after: nowhere
      ],
    });
    expect(
      differences(await signals(), {
        T1: {
          // March: t5, t6, t7; December to February: t2, t3, t4.
          ticket_volume_ratio: (3 + 1) / (3 / 3 + 1),
          // Closed by the date, latest first: t6, t5, t4, t3, t2 (t1 is the sixth; t7 was not closed yet).
          csat_last5: (4 + 5 + 4 + 3 + 2) / 5,
          // t3, t6, t7 (t2 was opened in December, before the 90 days).
          escalations_3m: 3,
          open_tickets: 1,
          sentiment_trend: (0.5 + 0.75 + 1) / 3 - (-0.5 + 0) / 2,
        },
        // No ticket of its own: counts are 0, ratings unavailable.
        T2: { ticket_volume_ratio: 1, csat_last5: null, escalations_3m: 0, open_tickets: 0, sentiment_trend: null },
      }),
    ).toEqual([]);
  });

  it('a column the tickets do not carry makes its signals unavailable, not 0', async () => {
    await fillTables(database(), {
      accounts: [accountRow('T3')],
      tickets: [ticket('t1', 'T3', '2025-03-10 09:00:00', null, 4, null, null)],
    });
    expect(
      differences(await signals(), {
        // No closing dates: nothing is rated and open_tickets cannot be told; no escalated flag, no sentiment.
        T3: { ...SUPPORT_NULL, ticket_volume_ratio: (1 + 1) / (0 / 3 + 1) },
      }),
    ).toEqual([]);
  });

  it('without tickets at all, every support signal is unavailable', async () => {
    await fillTables(database(), { accounts: [accountRow('T4')] });
    expect(differences(await signals(), { T4: SUPPORT_NULL })).toEqual([]);
  });
});
