/**
 * The renewal and subscription built-ins as definitions (engine/core/signals/builtinRenewal.ts): one per
 * signal, and each rendered expression run on DuckDB over hand-made snapshots: the next renewal read from
 * the subscriptions, then a renewal date within 12 months, then the anniversary, and active subscriptions
 * only where the subscriptions describe the account. The snapshot and warehouse SQL render these definitions.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, firstColumn, specDatabase } from '../support/builtinSpecs.js';
import { SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import {
  RENEWAL_SIGNALS,
  renewalSignalSql,
  type RenewalRefs,
  type RenewalSignal,
} from '../../engine/core/signals/builtinRenewal.js';

const byId = (id: SignalId): RenewalSignal => definitionOf(RENEWAL_SIGNALS, id);

const database = specDatabase();

/** A snapshot at 2025-06-30: by_subs, the subscriptions' next period end and count, the renewal date, the next anniversary. */
type Toy = [boolean, string | null, number | null, string | null, string | null];

const refs = (subscriptions: boolean): RenewalRefs => ({
  asOf: "DATE '2025-06-30'",
  daysTo: (date) => `date_diff('day', DATE '2025-06-30', ${date})`,
  monthsAfter: (n) => `(DATE '2025-06-30' + INTERVAL ${n} MONTH)`,
  renewalDate: 'renewal_date',
  nextAnniversary: 'anniversary',
  subscriptions: subscriptions ? { describes: 'by_subs', nextPeriodEnd: 'period_end', active: 'active' } : null,
  nothing: 'NULL',
});

async function values(id: SignalId, toys: Toy[], subscriptions: boolean): Promise<(number | null)[]> {
  const date = (d: string | null) => (d === null ? 'NULL::DATE' : `DATE '${d}'`);
  const rows = toys.map(
    ([bySubs, end, n, renewal, anniversary], i) =>
      `(${i}, ${bySubs}, ${date(end)}, ${n ?? 'NULL'}::BIGINT, ${date(renewal)}, ${date(anniversary)})`,
  );
  return firstColumn(
    database(),
    `SELECT ${renewalSignalSql(byId(id), refs(subscriptions))} FROM (VALUES ${rows.join(', ')}) t(i, by_subs, period_end, active, renewal_date, anniversary) ORDER BY i`,
  );
}

describe('the renewal and subscription built-in definitions', () => {
  it('define days_to_renewal and active_subscriptions exactly once, and nothing outside SIGNAL_IDS', () => {
    const ids = RENEWAL_SIGNALS.map((s) => s.id);
    expect([...ids].sort()).toEqual(['active_subscriptions', 'days_to_renewal']);
    for (const id of ids) expect(SIGNAL_IDS).toContain(id);
  });
});

describe('a rendered renewal signal', () => {
  const ANNIV = '2025-09-15'; // 77 days after the as-of date

  it('counts days to the subscriptions’ next period end, else a renewal date within 12 months, else the anniversary', async () => {
    expect(
      await values(
        'days_to_renewal',
        [
          [true, '2025-07-31', 1, '2025-08-31', ANNIV], // the subscriptions win: 31 days
          [true, null, null, '2025-08-31', ANNIV], // described, none active: unavailable
          [false, null, null, '2025-08-31', ANNIV], // 62 days
          [false, null, null, '2026-06-30', ANNIV], // exactly 12 months ahead still counts: 365 days
          [false, null, null, '2026-07-01', ANNIV], // beyond 12 months: the anniversary
          [false, null, null, '2025-06-30', ANNIV], // due on the as-of date: passed, the anniversary
          [false, null, null, null, null], // no start date: unavailable
        ],
        true,
      ),
    ).toEqual([31, null, 62, 365, 77, 77, null]);
  });

  it('reads no subscriptions when the query has none', async () => {
    expect(await values('days_to_renewal', [[true, '2025-07-31', 1, null, ANNIV]], false)).toEqual([77]);
  });

  it('counts active subscriptions where they describe the account, 0 when all have ended, unavailable elsewhere', async () => {
    expect(
      await values(
        'active_subscriptions',
        [
          [true, '2025-07-31', 2, null, ANNIV],
          [true, null, null, null, ANNIV],
          [false, null, null, null, ANNIV],
        ],
        true,
      ),
    ).toEqual([2, 0, null]);
    expect(await values('active_subscriptions', [[true, '2025-07-31', 2, null, ANNIV]], false)).toEqual([null]);
  });
});
