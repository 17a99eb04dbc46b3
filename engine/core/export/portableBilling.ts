/**
 * The warehouse SQL's billing part, from the built-in definitions (core/signals/builtinBilling.ts), for
 * the one as-of date: per-account invoice aggregates (inv) and the billing signals' columns over them.
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
} from '../signals/builtinBilling.js';

/** The columns of the "has" step each presence flag reads. */
const HAS: Record<InvoicesCarry, string> = { invoices: 'h.invoices', due_date: 'h.due_date', paid_date: 'h.paid_date' };

const ROW: InvoiceRowRefs = {
  due: 'i.due_date',
  paid: 'i.paid_date',
  issued: 'i.issued_date',
  amount: 'i.amount',
  asOf: 's.as_of',
  monthsBefore: (n) => `s.as_of - INTERVAL '${n} months'`,
  daysTo: (date) => `s.as_of - ${date}`,
};

/** The step inv over snap (account_id, as_of). */
export function billingCtes(): string {
  return `inv AS (
  SELECT s.account_id,
    ${invoiceAggregates()
      .map((a) => `${invoiceAggregateSql(a, ROW)} AS ${invoiceAggregateName(a)}`)
      .join(',\n    ')}
  FROM snap s JOIN invoices i ON i.account_id = s.account_id
    AND ${invoiceReachSql(ROW)}
  GROUP BY s.account_id
)`;
}

export const billingJoins = 'LEFT JOIN inv i ON i.account_id = s.account_id';

/**
 * The billing signals' select-list entries over inv i and the presence flags h; with subscriptions, an
 * account they describe (when they carry ARR: has_subs hs) compares subs_now sn with subs_before sb3.
 */
export function billingColumns(subscriptions: boolean): string {
  const refs: BillingRefs = {
    carries: (what) => HAS[what],
    aggregate: (a) => `i.${invoiceAggregateName(a)}`,
    subscriptions: subscriptions ? { describes: 's.by_subs AND hs.arr', arrNow: 'sn.arr', arrBefore: 'sb3.arr' } : null,
  };
  return BILLING_SIGNALS.map((s) => `${billingSignalSql(s, refs)} AS ${s.id}`).join(',\n    ');
}
