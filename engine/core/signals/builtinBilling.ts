/**
 * The billing built-ins as definitions: which invoice aggregates each reads, over how many calendar
 * months before the as-of date, and which sources or columns it is unavailable without. The snapshot
 * SQL (engine/node/snapshots/billingSql.ts) and the warehouse SQL (engine/core/export/portableBilling.ts)
 * both render these, each naming its own pieces through BillingRefs and InvoiceRowRefs, as the usage
 * built-ins are (builtinUsage.ts). Invoice windows are calendar months at every cadence.
 */
import type { SignalId } from './catalog.js';

/**
 * What a query aggregates per account over its invoices at the as-of date:
 * - most_days_unpaid: the most days an invoice due in the last `months` (up to the date) had gone unpaid
 *   at it, 0 for one paid by then (NULL when none was due);
 * - late: invoices due in the last `months`, before the date, paid after their due date or not yet;
 * - mean_amount: the mean amount of invoices issued after `fromMonths` months before the date and on or
 *   before `toMonths` months before it (NULL when none).
 */
export type InvoiceAggregate =
  | { of: 'most_days_unpaid'; months: number }
  | { of: 'late'; months: number }
  | { of: 'mean_amount'; fromMonths: number; toMonths: number };

/** The source and columns a billing signal needs: without due dates nothing is ever due, without paid dates every invoice reads as unpaid. */
export type InvoicesCarry = 'invoices' | 'due_date' | 'paid_date';

export type BillingValue =
  /** The most days unpaid, never negative (0 without invoices due). */
  | { kind: 'days_overdue'; unpaid: InvoiceAggregate }
  /** A count of invoices (0 when none). */
  | { kind: 'count'; count: InvoiceAggregate }
  /** 1 when no invoice due was unpaid at the date, else 0. */
  | { kind: 'all_paid'; unpaid: InvoiceAggregate }
  /**
   * What the account pays now over what it paid before. With subscriptions (SubscriptionRefs): the ARR of
   * those active at the date over the ARR of those active `subscriptionMonths` earlier (0 when all have
   * ended, NULL without ARR then). Otherwise the mean invoice amounts, NULL without one in either period.
   */
  | { kind: 'change'; now: InvoiceAggregate; before: InvoiceAggregate; subscriptionMonths: number };

export interface BillingSignal {
  id: SignalId;
  value: BillingValue;
  unavailableWithout: readonly InvoicesCarry[];
}

/** Payment behaviour: rebuilt from due and paid dates, so a status column describing the export date cannot leak into earlier snapshots. */
const PAYMENTS: readonly InvoicesCarry[] = ['invoices', 'due_date', 'paid_date'];
const UNPAID_12M: InvoiceAggregate = { of: 'most_days_unpaid', months: 12 };

export const BILLING_SIGNALS: readonly BillingSignal[] = [
  { id: 'max_days_overdue', value: { kind: 'days_overdue', unpaid: UNPAID_12M }, unavailableWithout: PAYMENTS },
  { id: 'late_payments_6m', value: { kind: 'count', count: { of: 'late', months: 6 } }, unavailableWithout: PAYMENTS },
  { id: 'payment_current', value: { kind: 'all_paid', unpaid: UNPAID_12M }, unavailableWithout: PAYMENTS },
  {
    id: 'subscription_change',
    value: {
      kind: 'change',
      now: { of: 'mean_amount', fromMonths: 3, toMonths: 0 },
      before: { of: 'mean_amount', fromMonths: 12, toMonths: 3 },
      subscriptionMonths: 3,
    },
    unavailableWithout: ['invoices'],
  },
];

/** An aggregate's column name in a query's per-account invoice step. */
export const invoiceAggregateName = (a: InvoiceAggregate): string =>
  a.of === 'mean_amount' ? `mean_amount_${a.fromMonths}_${a.toMonths}` : `${a.of}_${a.months}`;

const aggregatesOf = (v: BillingValue): InvoiceAggregate[] =>
  v.kind === 'change' ? [v.now, v.before] : v.kind === 'count' ? [v.count] : [v.unpaid];

/** Every invoice aggregate the signals read, once each: what a query's invoice step must compute. */
export function invoiceAggregates(signals: readonly BillingSignal[] = BILLING_SIGNALS): InvoiceAggregate[] {
  const all = signals.flatMap((s) => aggregatesOf(s.value));
  return [...new Map(all.map((a) => [invoiceAggregateName(a), a])).values()];
}

/** The one change definition: the subscription steps read how many months back it compares with. */
export function changeValue(): Extract<BillingValue, { kind: 'change' }> {
  const v = BILLING_SIGNALS.map((s) => s.value).find(
    (x): x is Extract<BillingValue, { kind: 'change' }> => x.kind === 'change',
  );
  if (!v) throw new Error('no billing change signal');
  return v;
}

/** How a query names an invoice row's columns and the as-of date's arithmetic. */
export interface InvoiceRowRefs {
  due: string;
  paid: string;
  issued: string;
  amount: string;
  asOf: string;
  /** The as-of date less n calendar months. */
  monthsBefore(n: number): string;
  /** Whole days from a date to the as-of date. */
  daysTo(date: string): string;
}

/** The aggregate over a query's invoice rows, as one SQL expression. */
export function invoiceAggregateSql(a: InvoiceAggregate, r: InvoiceRowRefs): string {
  switch (a.of) {
    case 'most_days_unpaid':
      return `MAX(CASE WHEN ${r.paid} IS NULL OR ${r.paid} > ${r.asOf} THEN ${r.daysTo(r.due)} ELSE 0 END) FILTER (WHERE ${r.due} <= ${r.asOf} AND ${r.due} > ${r.monthsBefore(a.months)})`;
    case 'late':
      return `COUNT(*) FILTER (WHERE ${r.due} > ${r.monthsBefore(a.months)} AND ${r.due} < ${r.asOf} AND (${r.paid} IS NULL OR ${r.paid} > ${r.due}))`;
    case 'mean_amount': {
      const upTo = a.toMonths === 0 ? r.asOf : r.monthsBefore(a.toMonths);
      return `AVG(${r.amount}) FILTER (WHERE ${r.issued} <= ${upTo} AND ${r.issued} > ${r.monthsBefore(a.fromMonths)})`;
    }
  }
}

/** The invoice rows any aggregate reads: due, or issued, within the longest span back from the as-of date. */
export function invoiceReachSql(
  r: InvoiceRowRefs,
  aggregates: readonly InvoiceAggregate[] = invoiceAggregates(),
): string {
  const longest = (dated: 'due' | 'issued') =>
    Math.max(
      ...aggregates.map((a) =>
        a.of === 'mean_amount' ? (dated === 'issued' ? a.fromMonths : 0) : dated === 'due' ? a.months : 0,
      ),
    );
  const within = (col: string, months: number) => `(${col} <= ${r.asOf} AND ${col} > ${r.monthsBefore(months)})`;
  return `(${within(r.due, longest('due'))} OR ${within(r.issued, longest('issued'))})`;
}

/** What the subscriptions say, for accounts the subscriptions export describes. */
export interface SubscriptionRefs {
  /** TRUE for an account whose figures come from its subscriptions (and they carry ARR or MRR). */
  describes: string;
  /** ARR of the subscriptions active at the date (NULL when none), and `subscriptionMonths` earlier. */
  arrNow: string;
  arrBefore: string;
}

/** How a query names what a billing signal reads. */
export interface BillingRefs {
  /** TRUE when the export carries the source or column (a literal, or a query's flag). */
  carries(what: InvoicesCarry): string;
  /** The account's aggregate at the snapshot (NULL when it has no invoice in reach). */
  aggregate(a: InvoiceAggregate): string;
  /** Null when the query reads no subscriptions (or they carry no ARR). */
  subscriptions: SubscriptionRefs | null;
}

function valueSql(v: BillingValue, r: BillingRefs): string {
  switch (v.kind) {
    case 'days_overdue':
      return `GREATEST(COALESCE(${r.aggregate(v.unpaid)}, 0), 0)`;
    case 'count':
      return `COALESCE(${r.aggregate(v.count)}, 0)`;
    case 'all_paid':
      return `CASE WHEN COALESCE(${r.aggregate(v.unpaid)}, 0) > 0 THEN 0 ELSE 1 END`;
    case 'change': {
      const [now, before] = [r.aggregate(v.now), r.aggregate(v.before)];
      return `CASE WHEN ${now} IS NULL OR NOT (${before} > 0) THEN NULL ELSE ${now} / ${before} END`;
    }
  }
}

/** The signal as one SQL expression: the subscriptions' figure where they describe the account, else NULL without a source or column it needs, else its value. */
export function billingSignalSql(s: BillingSignal, r: BillingRefs): string {
  const sub = r.subscriptions;
  const bySubs =
    s.value.kind === 'change' && sub
      ? `WHEN ${sub.describes} THEN (CASE WHEN ${sub.arrBefore} > 0 THEN COALESCE(${sub.arrNow}, 0) / ${sub.arrBefore} END) `
      : '';
  return `CASE ${bySubs}WHEN NOT (${s.unavailableWithout.map((c) => r.carries(c)).join(' AND ')}) THEN NULL ELSE ${valueSql(s.value, r)} END`;
}

/** Every count of months back from the as-of date the billing rules read (invoice windows and the subscriptions' comparison), ascending. */
export function billingMonthsRead(signals: readonly BillingSignal[] = BILLING_SIGNALS): number[] {
  const months = signals.flatMap((s) => [
    ...aggregatesOf(s.value).flatMap((a) => (a.of === 'mean_amount' ? [a.fromMonths, a.toMonths] : [a.months])),
    ...(s.value.kind === 'change' ? [s.value.subscriptionMonths] : []),
  ]);
  return [...new Set(months)].filter((n) => n > 0).sort((a, b) => a - b);
}
