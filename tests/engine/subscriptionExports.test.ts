/**
 * Subscriptions as Stripe and Chargebee export them, with their customers, invoices keyed by customer and
 * product usage: every subscription row is loaded or rejected with its reason, the proposed mapping finds
 * the fields, and what the subscriptions say reaches the snapshots.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { outcomeAccounting } from '../../engine/node/snapshots/episodeTable.js';
import { rowIndex, signalAt } from './fixtures.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'exports');
const opened: LoadedData[] = [];
afterAll(() => opened.forEach((d) => d.close()));

type Files = Record<string, Omit<FileMapping, 'dateFormats'> | 'suggested'>;

async function importExports(folder: string, files: Files) {
  const db = await openDatabase();
  const inputs: ImportInput[] = [];
  const suggested: Record<string, FileMapping> = {};
  try {
    for (const [name, mapping] of Object.entries(files)) {
      const path = join(dir, folder, name);
      const s = await sniffFile(db, path);
      suggested[name] = suggestFileMapping(name, s.columns);
      const m = mapping === 'suggested' ? suggested[name] : { ...mapping, dateFormats: {} };
      inputs.push({ path, label: name, read: s.read, columns: s.columns.map((c) => c.name), mapping: m });
    }
  } finally {
    db.close();
  }
  const data = await loadImportedData(
    inputs,
    folder,
    () => undefined,
    () => false,
  );
  opened.push(data);
  const issues = (
    await data.db.conn.runAndReadAll(
      `SELECT file, line::INTEGER AS line, column_name AS "column", value, reason FROM ${ISSUES_TABLE} WHERE action = 'row rejected' ORDER BY file, line`,
    )
  ).getRowObjectsJson();
  return { data, suggested, issues };
}

describe('a Stripe export', () => {
  const load = () =>
    importExports('stripe', {
      'customers.csv': {
        entity: 'accounts',
        columns: { account_id: 'id', name: 'Name', signup_date: 'Created (UTC)' },
      },
      'subscriptions.csv': 'suggested',
      'invoices.csv': 'suggested',
      'usage.csv': 'suggested',
    });

  it('proposes the subscription fields from Stripe headers', async () => {
    const { suggested } = await load();
    expect(suggested['subscriptions.csv']!.entity).toBe('subscriptions');
    expect(suggested['subscriptions.csv']!.columns).toMatchObject({
      subscription_id: 'id',
      account_id: 'customer',
      start_date: 'start_date',
      end_date: 'ended_at',
      status: 'status',
      plan: 'plan',
      seats: 'quantity',
      billing_period: 'interval',
    });
    expect(suggested['invoices.csv']!.entity).toBe('invoices');
  });

  it('accounts for every subscription row: loaded, or rejected with the line and the reason', async () => {
    const { data, issues } = await load();
    const subs = data.imported.find((f) => f.label === 'subscriptions.csv')!;
    expect([subs.rowsRead, subs.rowsLoaded, subs.rowsRejected]).toEqual([6, 4, 2]);
    expect(issues.filter((i) => i.file === 'subscriptions.csv')).toEqual([
      {
        file: 'subscriptions.csv',
        line: 6,
        column: 'status',
        value: 'canceled',
        reason: 'subscription is canceled but has no end date: map its ended or cancelled date column',
      },
      {
        file: 'subscriptions.csv',
        line: 7,
        column: 'customer',
        value: 'cus_ZZZ',
        reason: 'account id not in the accounts export',
      },
    ]);
    for (const f of data.imported) expect(f.rowsRead, f.label).toBe(f.rowsLoaded + f.rowsRejected);
    expect(data.imported.find((f) => f.label === 'invoices.csv')!.rowsLoaded).toBe(4);
  });

  it('ends the first subscription episode at its end and starts another at the new subscription (30-day grace)', async () => {
    const { data } = await load();
    const f = data.frame;
    // cus_P1a: sub_1Na 2023-11-02 … 2024-08-02, nothing until sub_1Nb on 2024-10-01 (60 days): churn, then back.
    expect(f.daysToChurn[rowIndex(f, 'cus_P1a', '2024-07-31')]).toBe(2);
    expect(rowIndex(f, 'cus_P1a', '2024-08-31')).toBe(-1);
    expect(f.ageDays[rowIndex(f, 'cus_P1a', '2024-10-31')]).toBe(30);
    expect(signalAt(f, 'cus_P1a', '2024-10-31', 'active_subscriptions')).toBe(1);
    // Yearly from 2024-01-15: the next renewal after 2025-04-30 is 2026-01-15.
    expect(signalAt(f, 'cus_P2b', '2025-04-30', 'days_to_renewal')).toBe(260);
    // cus_P3c: its only loaded subscription ended on 2024-03-05; the later one was rejected (no end date).
    expect(rowIndex(f, 'cus_P3c', '2024-03-31')).toBe(-1);
    const acc = await outcomeAccounting(data.db, f.meta.observedThrough);
    expect([acc.episodes, acc.reactivations, acc.churnsFromSubscriptions, acc.accountsBySubscriptions]).toEqual([
      4, 1, 2, 3,
    ]);
  });

  it('counts the two subscription churns as the outcome the Data tab reports, with no churn file', async () => {
    const { data } = await load();
    // cus_P1a's gap after 2024-08-02 and cus_P3c's end on 2024-03-05: a score has churn to be judged against.
    expect((await dataQuality(data.db, data.frame)).outcomeEvents).toEqual({ churns: 2, missedRenewals: 0 });
  });
});

describe('a Chargebee export', () => {
  const load = () =>
    importExports('chargebee', {
      'customers.csv': {
        entity: 'accounts',
        columns: { account_id: 'customer[id]', name: 'customer[company]', signup_date: 'customer[created_at]' },
      },
      'subscriptions.csv': 'suggested',
      'invoices.csv': {
        entity: 'invoices',
        columns: {
          invoice_id: 'invoice[id]',
          account_id: 'invoice[customer_id]',
          issued_date: 'invoice[date]',
          due_date: 'invoice[due_date]',
          paid_date: 'invoice[paid_at]',
          amount: 'invoice[total]',
          status: 'invoice[status]',
        },
      },
      'usage.csv': 'suggested',
    });

  it('reads MRR × 12 as ARR, the plan and the seats, and rejects a cancelled row without its date', async () => {
    const { data, suggested, issues } = await load();
    expect(suggested['subscriptions.csv']!.columns).toMatchObject({
      subscription_id: 'subscription[id]',
      account_id: 'subscription[customer_id]',
      start_date: 'subscription[started_at]',
      end_date: 'subscription[cancelled_at]',
      mrr: 'subscription[mrr]',
      plan: 'subscription[plan_id]',
      seats: 'subscription[plan_quantity]',
    });
    const subs = data.imported.find((f) => f.label === 'subscriptions.csv')!;
    expect([subs.rowsRead, subs.rowsLoaded, subs.rowsRejected]).toEqual([4, 3, 1]);
    expect(issues.filter((i) => i.file === 'subscriptions.csv').map((i) => [i.line, i.value])).toEqual([
      [5, 'cancelled'],
    ]);
    const f = data.frame;
    expect(f.arr[rowIndex(f, 'cb_acme', '2024-08-31')]).toBe(18000);
    expect(f.arr[rowIndex(f, 'cb_acme', '2024-09-30')]).toBe(22500);
    expect(f.meta.plans[f.plan[rowIndex(f, 'cb_orbit', '2024-04-30')]!]).toBe('starter-monthly');
    // 2024-09-01 to 2024-09-15 is 14 days: within the grace period, one episode and no churn.
    expect(f.daysToChurn[rowIndex(f, 'cb_acme', '2024-08-31')]).toBeNaN();
    expect(rowIndex(f, 'cb_acme', '2024-09-30')).toBeGreaterThanOrEqual(0);
  });
});
