/**
 * The warehouse SQL's renewal and subscription columns, from the built-in definitions
 * (core/signals/builtinRenewal.ts), over snap s, anniversary an and, with subscriptions, subs_now sn.
 */
import { RENEWAL_SIGNALS, renewalSignalSql, type RenewalRefs } from '../signals/builtinRenewal.js';

// Functions, not module constants, so that mutation testing can switch what they return per test.

/** Age and the anniversary count from the signup, and again from a reactivation: this year's anniversary per account. */
export function anniversaryCte(): string {
  return `anniversary AS (
  SELECT account_id, as_of, age_from,
    CAST(age_from + CAST(EXTRACT(YEAR FROM as_of) - EXTRACT(YEAR FROM age_from) AS INTEGER) * INTERVAL '1 year' AS DATE) AS this_year
  FROM snap
)`;
}

/** The step anniversary joined to snap s. */
export function renewalJoins(): string {
  return 'JOIN anniversary an ON an.account_id = s.account_id';
}

export function renewalColumns(subscriptions: boolean): string {
  const D = 'DOUBLE PRECISION';
  const years = 'CAST(EXTRACT(YEAR FROM s.as_of) - EXTRACT(YEAR FROM s.age_from) AS INTEGER)';
  const refs: RenewalRefs = {
    asOf: 's.as_of',
    daysTo: (date) => `${date} - s.as_of`,
    monthsAfter: (n) => `CAST(s.as_of + INTERVAL '${n} months' AS DATE)`,
    renewalDate: 's.renewal_date',
    nextAnniversary: `(CASE WHEN an.this_year <= s.as_of THEN CAST(s.age_from + (${years} + 1) * INTERVAL '1 year' AS DATE) ELSE an.this_year END)`,
    subscriptions: subscriptions ? { describes: 's.by_subs', nextPeriodEnd: 'sn.next_renewal', active: 'sn.n' } : null,
    nothing: `CAST(NULL AS ${D})`,
  };
  return RENEWAL_SIGNALS.map((s) => `${renewalSignalSql(s, refs)} AS ${s.id}`).join(',\n    ');
}
