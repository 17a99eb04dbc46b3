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

// Functions, not module constants, so that mutation testing can switch what they return per test.

/** The column of the "has" step a presence flag reads. */
function hasColumn(what: InvoicesCarry): string {
  const columns: Record<InvoicesCarry, string> = {
    invoices: 'h.invoices',
    due_date: 'h.due_date',
    paid_date: 'h.paid_date',
  };
  return columns[what];
}

/** An invoice row (i) against its snapshot (s). */
function rowRefs(): InvoiceRowRefs {
  return {
    due: 'i.due_date',
    paid: 'i.paid_date',
    issued: 'i.issued_date',
    amount: 'i.amount',
    asOf: 's.as_of',
    monthsBefore: (n) => `s.as_of - INTERVAL '${n} months'`,
    daysTo: (date) => `s.as_of - ${date}`,
  };
}

/** The step inv over snap (account_id, as_of). */
export function billingCtes(): string {
  const row = rowRefs();
  return `inv AS (
  SELECT s.account_id,
    ${invoiceAggregates()
      .map((a) => `${invoiceAggregateSql(a, row)} AS ${invoiceAggregateName(a)}`)
      .join(',\n    ')}
  FROM snap s JOIN invoices i ON i.account_id = s.account_id
    AND ${invoiceReachSql(row)}
  GROUP BY s.account_id
)`;
}

/** The step inv joined to snap s. */
export function billingJoins(): string {
  return 'LEFT JOIN inv i ON i.account_id = s.account_id';
}

/**
 * The billing signals' select-list entries over inv i and the presence flags h; with subscriptions, an
 * account they describe (when they carry ARR: has_subs hs) compares subs_now sn with subs_before sb3.
 */
export function billingColumns(subscriptions: boolean): string {
  const refs: BillingRefs = {
    carries: hasColumn,
    aggregate: (a) => `i.${invoiceAggregateName(a)}`,
    subscriptions: subscriptions ? { describes: 's.by_subs AND hs.arr', arrNow: 'sn.arr', arrBefore: 'sb3.arr' } : null,
  };
  return BILLING_SIGNALS.map((s) => `${billingSignalSql(s, refs)} AS ${s.id}`).join(',\n    ');
}
