/**
 * The exports the workbench reads from a folder, with the column types it
 * expects. Loading user files of any shape (mapping, validation) builds on
 * this: whatever the source, it ends as these tables.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './duckdb.js';
import { sqlIdent, sqlString } from './duckdb.js';

export interface TableSpec {
  name: string;
  required: boolean;
  columns: Record<string, 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN'>;
  /** Columns an export may leave out (they load as NULL, and the signals on them are unavailable). */
  optional?: readonly string[];
}

export const EXPORT_TABLES: readonly TableSpec[] = [
  {
    name: 'accounts',
    required: true,
    columns: {
      account_id: 'VARCHAR',
      name: 'VARCHAR',
      segment: 'VARCHAR',
      industry: 'VARCHAR',
      region: 'VARCHAR',
      plan: 'VARCHAR',
      csm: 'VARCHAR',
      signup_date: 'DATE',
      renewal_date: 'DATE',
      arr: 'DOUBLE',
      seats: 'INTEGER',
      parent_account_id: 'VARCHAR',
    },
    // The parent in a Salesforce or HubSpot hierarchy: carried, not yet used by any signal.
    optional: ['parent_account_id'],
  },
  {
    name: 'usage_events',
    required: true,
    columns: {
      account_id: 'VARCHAR',
      date: 'DATE',
      active_users: 'DOUBLE',
      logins: 'DOUBLE',
      features_used: 'DOUBLE',
      key_actions: 'DOUBLE',
      session_minutes: 'DOUBLE',
      api_calls: 'DOUBLE',
      trainings_completed: 'DOUBLE',
      community_actions: 'DOUBLE',
    },
    optional: ['trainings_completed', 'community_actions'],
  },
  {
    name: 'tickets',
    required: false,
    columns: {
      ticket_id: 'VARCHAR',
      account_id: 'VARCHAR',
      opened_at: 'TIMESTAMP',
      closed_at: 'TIMESTAMP',
      priority: 'VARCHAR',
      csat: 'DOUBLE',
      escalated: 'BOOLEAN',
      sentiment: 'DOUBLE',
    },
    optional: ['sentiment'],
  },
  {
    name: 'invoices',
    required: false,
    columns: {
      invoice_id: 'VARCHAR',
      account_id: 'VARCHAR',
      issued_date: 'DATE',
      due_date: 'DATE',
      paid_date: 'DATE',
      amount: 'DOUBLE',
      status: 'VARCHAR',
    },
  },
  {
    name: 'nps',
    required: false,
    columns: { response_id: 'VARCHAR', account_id: 'VARCHAR', responded_at: 'DATE', score: 'DOUBLE' },
  },
  {
    name: 'churn',
    required: true,
    // A row flagged as a reactivation is the account coming back, not leaving (churn as episodes).
    columns: { account_id: 'VARCHAR', churn_date: 'DATE', reason: 'VARCHAR', reactivation: 'BOOLEAN' },
    optional: ['reactivation'],
  },
  {
    // Renewal outcomes: a renewal date that passed without renewal is churn.
    name: 'renewals',
    required: false,
    columns: { account_id: 'VARCHAR', renewal_date: 'DATE', renewed: 'BOOLEAN' },
  },
  {
    // Subscriptions (Stripe, Chargebee, …): when present they say when an account is active, what it pays
    // (ARR, from MRR × 12 when only MRR is known), its plan, seats and next renewal at each snapshot.
    name: 'subscriptions',
    required: false,
    columns: {
      subscription_id: 'VARCHAR',
      account_id: 'VARCHAR',
      start_date: 'DATE',
      end_date: 'DATE',
      status: 'VARCHAR',
      plan: 'VARCHAR',
      seats: 'INTEGER',
      mrr: 'DOUBLE',
      arr: 'DOUBLE',
      trial: 'BOOLEAN',
      auto_renew: 'BOOLEAN',
      billing_period: 'VARCHAR',
    },
    optional: [
      'subscription_id',
      'end_date',
      'status',
      'plan',
      'seats',
      'mrr',
      'arr',
      'trial',
      'auto_renew',
      'billing_period',
    ],
  },
  {
    // CSM overrides: a tier or score set by hand, with the reason, author and expiry.
    name: 'overrides',
    required: false,
    columns: {
      account_id: 'VARCHAR',
      created_at: 'DATE',
      tier: 'VARCHAR',
      score: 'DOUBLE',
      reason: 'VARCHAR',
      author: 'VARCHAR',
      expires_at: 'DATE',
    },
  },
  {
    // A CS platform's own health score over time (Gainsight, ChurnZero, …): backtested as it is, in Compare.
    name: 'score_history',
    required: false,
    columns: { account_id: 'VARCHAR', score_date: 'DATE', score: 'DOUBLE', status: 'VARCHAR' },
    optional: ['status'],
  },
];

/** An empty table with the expected columns (an export that was not provided). */
export async function createEmptyTable(db: Database, spec: TableSpec): Promise<void> {
  const cols = Object.entries(spec.columns);
  await db.conn.run(
    `CREATE OR REPLACE TABLE ${sqlIdent(spec.name)} (${cols.map(([c, t]) => `${sqlIdent(c)} ${t}`).join(', ')})`,
  );
}

/** `<name>.csv` or `<name>.csv.gz` in the folder, or null. */
export function findExportFile(dir: string, name: string): string | null {
  for (const ext of ['.csv', '.csv.gz']) {
    const path = join(dir, name + ext);
    if (existsSync(path)) return path;
  }
  return null;
}

export interface LoadedTable {
  name: string;
  file: string;
  rows: number;
}

/**
 * DuckDB's CSV read buffer for loads. Its default is 16 × the line limit
 * (32 MB per thread); 8 MB loaded 10 M usage events (430 MB) in 3.0–3.8 s
 * against 4.0–4.8 s, interleaved runs on the 2-core machine. Lines up to
 * the default 2 MB limit still load.
 */
export const CSV_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Load one export file into its table with the expected column types. Dates
 * are ISO here, which DuckDB parses natively: naming the format explicitly
 * costs ~15 % of load time. Other date formats are the mapping step's job.
 */
export async function loadTable(db: Database, spec: TableSpec, file: string): Promise<number> {
  // Optional columns the file does not have load as NULL; every other column must be there.
  const header = await db.conn.runAndReadAll(`SELECT * FROM read_csv(${sqlString(file)}, header = true) LIMIT 0`);
  const present = new Set(header.columnNames());
  const cols = Object.entries(spec.columns).filter(([c]) => present.has(c) || !spec.optional?.includes(c));
  const types = `{${cols.map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`).join(', ')}}`;
  await db.conn.run(
    `CREATE OR REPLACE TABLE ${sqlIdent(spec.name)} AS
     SELECT ${Object.entries(spec.columns)
       .map(([c, t]) => (cols.some(([k]) => k === c) ? sqlIdent(c) : `NULL::${t} AS ${sqlIdent(c)}`))
       .join(', ')}
     FROM read_csv(${sqlString(file)}, header = true, types = ${types}, buffer_size = ${CSV_BUFFER_BYTES})`,
  );
  const r = await db.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${sqlIdent(spec.name)}`);
  return Number(r.getColumns()[0]![0]);
}

/**
 * Create every table with a bare typed read; a missing optional export becomes
 * an empty table. Not how the app loads a folder (standardFolder.ts sends it
 * through the checked import): the bench's reference for what reading costs.
 */
export async function loadExportTables(
  db: Database,
  dir: string,
  onTable?: (name: string, i: number, total: number) => void,
): Promise<LoadedTable[]> {
  const loaded: LoadedTable[] = [];
  for (const [i, spec] of EXPORT_TABLES.entries()) {
    onTable?.(spec.name, i, EXPORT_TABLES.length);
    const file = findExportFile(dir, spec.name);
    if (!file) {
      if (spec.required) throw new Error(`${spec.name}.csv (or .csv.gz) not found in ${dir}`);
      await createEmptyTable(db, spec);
      loaded.push({ name: spec.name, file: '', rows: 0 });
      continue;
    }
    loaded.push({ name: spec.name, file, rows: await loadTable(db, spec, file) });
  }
  return loaded;
}
