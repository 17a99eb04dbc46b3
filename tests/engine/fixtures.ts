/** Small hand-built export folders for engine tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import type { SignalId } from '../../engine/core/signals/catalog.js';

export type Row = Record<string, string | number | boolean | null>;
export type Tables = Partial<
  Record<'accounts' | 'usage_events' | 'tickets' | 'invoices' | 'nps' | 'churn' | 'renewals' | 'overrides', Row[]>
>;

const HEADERS: Record<keyof Tables, string[]> = {
  accounts: [
    'account_id',
    'name',
    'segment',
    'industry',
    'region',
    'plan',
    'csm',
    'signup_date',
    'renewal_date',
    'arr',
    'seats',
  ],
  usage_events: [
    'account_id',
    'date',
    'active_users',
    'logins',
    'features_used',
    'key_actions',
    'session_minutes',
    'api_calls',
  ],
  tickets: ['ticket_id', 'account_id', 'opened_at', 'closed_at', 'priority', 'csat', 'escalated'],
  invoices: ['invoice_id', 'account_id', 'issued_date', 'due_date', 'paid_date', 'amount', 'status'],
  nps: ['response_id', 'account_id', 'responded_at', 'score'],
  churn: ['account_id', 'churn_date', 'reason'],
  renewals: ['account_id', 'renewal_date', 'renewed'],
  overrides: ['account_id', 'created_at', 'tier', 'score', 'reason', 'author', 'expires_at'],
};

function cell(v: Row[string] | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeExports(tables: Tables): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-fixture-'));
  for (const [name, base] of Object.entries(HEADERS) as [keyof Tables, string[]][]) {
    const rows = tables[name] ?? [];
    // Optional columns (ticket sentiment, training, community) are written only when some row has them.
    const header = [...base, ...new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => !base.includes(k)))];
    const lines = [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))];
    writeFileSync(join(dir, `${name}.csv`), lines.join('\n') + '\n');
  }
  return dir;
}

/** Weekly usage rows from `start` for `weeks` weeks; `logins(date)` sets the logins of each row. */
export function weeklyUsage(
  accountId: string,
  start: string,
  weeks: number,
  logins: (date: string) => number,
  extra: Partial<Row> = {},
): Row[] {
  const rows: Row[] = [];
  const t0 = Date.parse(`${start}T00:00:00Z`);
  for (let w = 0; w < weeks; w++) {
    const date = new Date(t0 + w * 7 * 86400000).toISOString().slice(0, 10);
    rows.push({
      account_id: accountId,
      date,
      active_users: 5,
      logins: logins(date),
      features_used: 10,
      key_actions: 3,
      session_minutes: 100,
      api_calls: 1000,
      ...extra,
    });
  }
  return rows;
}

export function rowIndex(frame: SnapshotFrame, accountId: string, asOf: string): number {
  const a = frame.meta.accountIds.indexOf(accountId);
  const m = frame.meta.periods.indexOf(asOf);
  for (let i = 0; i < frame.n; i++) if (frame.account[i] === a && frame.period[i] === m) return i;
  return -1;
}

export function signalAt(frame: SnapshotFrame, accountId: string, asOf: string, signal: SignalId): number {
  const i = rowIndex(frame, accountId, asOf);
  if (i < 0) throw new Error(`no snapshot for ${accountId} at ${asOf}`);
  return frame.values[signal][i]!;
}
