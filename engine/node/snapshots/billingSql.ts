/**
 * The snapshot SQL's billing part, from the built-in definitions (engine/core/signals/builtinBilling.ts):
 * per (account, period) invoice aggregates (inv) and the billing signals' columns over them.
 */
import {
  BILLING_SIGNALS,
  billingSignalSql,
  invoiceAggregateName,
  invoiceAggregateSql,
  invoiceAggregates,
  invoiceReachSql,
  type BillingRefs,
  type InvoiceRowRefs,
  type InvoicesCarry,
} from '../../core/signals/builtinBilling.js';

/** Which of the invoices' source and columns the export carries (decided once, over the whole export). */
export type InvoicesPresent = Record<InvoicesCarry, boolean>;

/** The snapshot's column holding the as-of date less n months: snap carries m<n> for each of billingMonthsRead(). */
export const monthsBefore = (n: number): string => `s.m${n}`;

const ROW: InvoiceRowRefs = {
  due: 'i.due_date',
  paid: 'i.paid_date',
  issued: 'i.issued_date',
  amount: 'i.amount',
  asOf: 's.as_of',
  monthsBefore,
  daysTo: (date) => `date_diff('day', ${date}, s.as_of)`,
};

/**
 * Invoices due in the last 12 months (payment behaviour) and issued in the last 12 months (what the
 * account pays now vs before: upgrades and downgrades), in one join over snap, given the batch's rows of a table.
 */
export function billingCtes(rows: (table: string) => string): string {
  return `inv AS (
  SELECT s.aidx, s.midx,
    ${invoiceAggregates()
      .map((a) => `${invoiceAggregateSql(a, ROW)} AS ${invoiceAggregateName(a)}`)
      .join(',\n    ')}
  FROM snap s JOIN ${rows('invoices')} i ON i.account_id = s.account_id AND ${invoiceReachSql(ROW)}
  GROUP BY ALL
)`;
}

export const billingJoins = 'LEFT JOIN inv i ON i.aidx = s.aidx AND i.midx = s.midx';

/**
 * The billing signals' select-list entries; with subscriptions carrying ARR, an account they describe
 * (s.by_subs) compares the ARR of subs_now sn and subs_before sb3.
 */
export function billingSignalColumns(has: InvoicesPresent, subscriptionArr: boolean): string {
  const refs: BillingRefs = {
    carries: (what) => (has[what] ? 'TRUE' : 'FALSE'),
    aggregate: (a) => `i.${invoiceAggregateName(a)}`,
    subscriptions: subscriptionArr ? { describes: 's.by_subs', arrNow: 'sn.arr', arrBefore: 'sb3.arr' } : null,
  };
  return BILLING_SIGNALS.map((s) => `${billingSignalSql(s, refs)} AS ${s.id}`).join(',\n  ');
}
