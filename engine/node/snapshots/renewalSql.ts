/**
 * The snapshot SQL's renewal and subscription columns, from the built-in definitions
 * (engine/core/signals/builtinRenewal.ts), over snap s and, with subscriptions, subs_now sn.
 */
import { RENEWAL_SIGNALS, renewalSignalSql, type RenewalRefs } from '../../core/signals/builtinRenewal.js';

/** Whole years from the age's start to the as-of date, as DuckDB counts them. */
const years = `date_diff('year', s.age_from, s.as_of)`;

export function renewalSignalColumns(hasSubscriptions: boolean): string {
  const refs: RenewalRefs = {
    asOf: 's.as_of',
    daysTo: (date) => `date_diff('day', s.as_of, ${date})`,
    monthsAfter: (n) => `s.as_of + INTERVAL ${n} MONTH`,
    renewalDate: 's.renewal_date',
    nextAnniversary: `s.age_from + to_years((${years} + CASE WHEN s.age_from + to_years(${years}::INTEGER) <= s.as_of THEN 1 ELSE 0 END)::INTEGER)`,
    subscriptions: hasSubscriptions
      ? { describes: 's.by_subs', nextPeriodEnd: 'sn.next_renewal', active: 'sn.n' }
      : null,
    nothing: 'NULL',
  };
  return RENEWAL_SIGNALS.map((s) => `${renewalSignalSql(s, refs)} AS ${s.id}`).join(',\n  ');
}
