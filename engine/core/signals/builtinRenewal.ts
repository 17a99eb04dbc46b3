/**
 * The renewal and subscription built-ins as definitions: where the next renewal is read from, in order,
 * and what active subscriptions count. The snapshot SQL (engine/node/snapshots/renewalSql.ts) and the
 * warehouse SQL (engine/core/export/portableRenewal.ts) both render these, each naming its own pieces
 * (the subscription steps, the anniversary's date arithmetic) through RenewalRefs, as the usage
 * built-ins are (builtinUsage.ts).
 */
import type { SignalId } from './catalog.js';

/**
 * Where a next renewal comes from:
 * - subscription_period_end: the nearest end of a billing period of the subscriptions active at the date,
 *   for an account the subscriptions export describes (NULL when none is active);
 * - renewal_date: the accounts export's renewal date, when it falls after the date and within `withinMonths`;
 * - anniversary: the next anniversary of the signup (of the reactivation, for an account that came back).
 */
export type RenewalSource =
  { from: 'subscription_period_end' } | { from: 'renewal_date'; withinMonths: number } | { from: 'anniversary' };

export type RenewalValue =
  /** Days from the as-of date to the first source that applies. */
  | { kind: 'days_to'; first: readonly RenewalSource[] }
  /** Subscriptions started on or before the date and not yet ended, for an account the export describes (else NULL). */
  | { kind: 'active_subscriptions' };

export interface RenewalSignal {
  id: SignalId;
  value: RenewalValue;
}

export const RENEWAL_SIGNALS: readonly RenewalSignal[] = [
  {
    id: 'days_to_renewal',
    value: {
      kind: 'days_to',
      first: [{ from: 'subscription_period_end' }, { from: 'renewal_date', withinMonths: 12 }, { from: 'anniversary' }],
    },
  },
  { id: 'active_subscriptions', value: { kind: 'active_subscriptions' } },
];

/** What the subscriptions at the date say, for the accounts they describe. */
export interface ActiveSubscriptionRefs {
  /** TRUE for an account whose figures come from its subscriptions. */
  describes: string;
  /** The nearest end of a billing period of those active at the date, and how many are active (NULL when none). */
  nextPeriodEnd: string;
  active: string;
}

/** How a query names what a renewal signal reads. */
export interface RenewalRefs {
  asOf: string;
  /** Whole days from the as-of date to a date. */
  daysTo(date: string): string;
  /** The as-of date plus n calendar months. */
  monthsAfter(n: number): string;
  renewalDate: string;
  /** The first anniversary of the age's start after the as-of date. */
  nextAnniversary: string;
  /** Null when the query reads no subscriptions. */
  subscriptions: ActiveSubscriptionRefs | null;
  /** NULL, typed as the query's numbers need. */
  nothing: string;
}

function sourceSql(s: RenewalSource, r: RenewalRefs): string | null {
  switch (s.from) {
    case 'subscription_period_end':
      return r.subscriptions
        ? `WHEN ${r.subscriptions.describes} THEN ${r.daysTo(r.subscriptions.nextPeriodEnd)}`
        : null;
    case 'renewal_date':
      return `WHEN ${r.renewalDate} > ${r.asOf} AND ${r.renewalDate} <= ${r.monthsAfter(s.withinMonths)} THEN ${r.daysTo(r.renewalDate)}`;
    case 'anniversary':
      return `ELSE ${r.daysTo(r.nextAnniversary)}`;
  }
}

/** The signal as one SQL expression. */
export function renewalSignalSql(s: RenewalSignal, r: RenewalRefs): string {
  if (s.value.kind === 'active_subscriptions')
    return r.subscriptions
      ? `CASE WHEN ${r.subscriptions.describes} THEN COALESCE(${r.subscriptions.active}, 0) END`
      : r.nothing;
  const arms = s.value.first.map((x) => sourceSql(x, r)).filter((x): x is string => x !== null);
  return `CASE ${arms.join(' ')} END`;
}
