/**
 * What a custom signal may read: the canonical event tables (engine/node/data/exportTables.ts), each
 * with the date a row becomes known, and the columns that can be measured. Every table here already
 * carries account_id (relations are resolved at import), so "reached through its relation" is the join
 * on account_id. Columns an export writes at export time (invoice and subscription status) are left
 * out: they describe the day of the export and would leak later events into earlier snapshots. The
 * accounts table is in for that reason only as exported: its columns are known from the accounts
 * file's export date (the date a one-row-per-customer extract was taken), never before it.
 */

/** number: sum/mean/min/max; boolean: share true, last, filters; category: distinct counts and filters; id: distinct counts. */
export type CustomColumnKind = 'number' | 'boolean' | 'category' | 'id';

export interface CustomColumn {
  kind: CustomColumnKind;
  label: string;
  /** A column known later than its row (a ticket's CSAT, given at closing): the date it becomes known. */
  knownAt?: string;
}

export interface CustomTable {
  label: string;
  /** The column dating each row; a TIMESTAMP counts by its calendar day. Absent: the row is known from the export date. */
  date?: string;
  /** Usage rows cover [date, date + interval − 1] and are known at the end of that span, as the built-ins read them. */
  coversInterval?: boolean;
  /** Breaks ties between rows of the same day for "last value" (none for usage: the larger value wins). */
  tieBreak?: string;
  columns: Readonly<Record<string, CustomColumn>>;
}

export const CUSTOM_TABLES = {
  accounts: {
    label: 'Accounts (as exported)',
    columns: {
      arr: { kind: 'number', label: 'ARR' },
      seats: { kind: 'number', label: 'Seats' },
      plan: { kind: 'category', label: 'Plan' },
      segment: { kind: 'category', label: 'Segment' },
      region: { kind: 'category', label: 'Region' },
    },
  },
  usage_events: {
    label: 'Usage',
    date: 'date',
    coversInterval: true,
    columns: {
      active_users: { kind: 'number', label: 'Active users' },
      logins: { kind: 'number', label: 'Logins' },
      features_used: { kind: 'number', label: 'Features used' },
      key_actions: { kind: 'number', label: 'Key actions' },
      session_minutes: { kind: 'number', label: 'Session minutes' },
      api_calls: { kind: 'number', label: 'API calls' },
      trainings_completed: { kind: 'number', label: 'Trainings completed' },
      community_actions: { kind: 'number', label: 'Community actions' },
    },
  },
  // One row per event of an event export that keeps extra columns (engine/node/import/productEvents.ts):
  // counts are events and means are per event, where the usage table's rows are days.
  product_events: {
    label: 'Product events (one row each)',
    date: 'date',
    tieBreak: 'seq',
    columns: {
      user_id: { kind: 'id', label: 'User ID' },
      event: { kind: 'category', label: 'Event name' },
    },
  },
  tickets: {
    label: 'Tickets',
    date: 'opened_at',
    tieBreak: 'ticket_id',
    columns: {
      ticket_id: { kind: 'id', label: 'Ticket ID' },
      priority: { kind: 'category', label: 'Priority' },
      escalated: { kind: 'boolean', label: 'Escalated' },
      sentiment: { kind: 'number', label: 'Sentiment' },
      csat: { kind: 'number', label: 'CSAT', knownAt: 'closed_at' },
    },
  },
  invoices: {
    label: 'Invoices',
    date: 'issued_date',
    tieBreak: 'invoice_id',
    columns: {
      invoice_id: { kind: 'id', label: 'Invoice ID' },
      amount: { kind: 'number', label: 'Amount' },
    },
  },
  nps: {
    label: 'NPS answers',
    date: 'responded_at',
    tieBreak: 'response_id',
    columns: {
      response_id: { kind: 'id', label: 'Response ID' },
      score: { kind: 'number', label: 'Score (0–10)' },
    },
  },
  subscriptions: {
    label: 'Subscriptions (by start date)',
    date: 'start_date',
    tieBreak: 'subscription_id',
    columns: {
      subscription_id: { kind: 'id', label: 'Subscription ID' },
      plan: { kind: 'category', label: 'Plan' },
      billing_period: { kind: 'category', label: 'Billing period' },
      seats: { kind: 'number', label: 'Seats' },
      mrr: { kind: 'number', label: 'MRR' },
      arr: { kind: 'number', label: 'ARR' },
      trial: { kind: 'boolean', label: 'Trial' },
      auto_renew: { kind: 'boolean', label: 'Auto-renew' },
    },
  },
} as const satisfies Record<string, CustomTable>;

export type CustomTableName = keyof typeof CUSTOM_TABLES;
export const CUSTOM_TABLE_NAMES = Object.keys(CUSTOM_TABLES) as [CustomTableName, ...CustomTableName[]];

/** The table's column, or undefined when it has none of that name. */
export function customColumn(table: CustomTableName, column: string): CustomColumn | undefined {
  const cols: Readonly<Record<string, CustomColumn>> = CUSTOM_TABLES[table].columns;
  return Object.hasOwn(cols, column) ? cols[column] : undefined;
}
