/**
 * Related tables reach the account: multi-table exports (tests/fixtures/exports,
 * written by make_exports.py) are proposed with their keys and relations from the
 * data, and imported with every row accounted for and every unmatched key at its line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { planImport, proposeImport, unmappedRequiredFields } from '../../engine/node/import/plan.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'exports');
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

async function propose(set: string) {
  db = await openDatabase();
  const paths = readdirSync(join(DIR, set))
    .sort()
    .map((f) => join(DIR, set, f));
  const { files, choices } = await proposeImport(db, paths);
  const byName = Object.fromEntries(files.map((f, i) => [f.name, choices[i]!.mapping]));
  return { files, choices, byName };
}

async function load(set: string) {
  const { files, choices, byName } = await propose(set);
  const plan = planImport(files, choices);
  expect(unmappedRequiredFields(plan)).toEqual([]);
  const summary = await importFiles(
    db!,
    plan.inputs,
    () => undefined,
    () => false,
  );
  const log = await issueSummary(db!, 1000, 0);
  const issues = log.issues
    .filter((i) => i.action === 'row rejected')
    .map((i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason}`);
  const counts = Object.fromEntries(summary.map((s) => [s.label, [s.rowsRead, s.rowsLoaded, s.rowsRejected]]));
  for (const s of summary) expect(s.rowsRead, s.label).toBe(s.rowsLoaded + s.rowsRejected);
  return { plan, byName, issues, counts, log };
}

const one = async (sql: string) => (await db!.conn.runAndReadAll(sql)).getRowsJson()[0]!;

describe('a SaaS export: accounts, subscriptions by account, feature usage by subscription id', () => {
  it('is proposed with one account list, subscriptions as a lookup and usage through subscriptions', async () => {
    const { byName } = await propose('saas-multitable');
    expect(byName['accounts.csv']).toMatchObject({
      entity: 'accounts',
      columns: {
        account_id: 'account_id',
        segment: 'market_segment',
        region: 'region',
        csm: 'csm_owner',
        arr: 'arr_amount',
        mrr: 'mrr_amount',
        signup_date: 'created_at',
      },
    });
    // A billing export with its own key: the subscriptions entity (dates, plan, amounts), which other files reach accounts through.
    expect(byName['subscriptions.csv']).toMatchObject({
      entity: 'subscriptions',
      columns: { subscription_id: 'subscription_id', account_id: 'account_id' },
    });
    const usage = byName['feature_usage.csv']!;
    expect(usage.entity).toBe('usage_daily');
    expect(usage.columns.account_id).toBeUndefined();
    // 41 of the 42 sampled distinct values are subscriptions (SUB-55555 is not; the blank is not sampled).
    expect(usage.via).toEqual({
      column: 'subscription_id',
      file: 'subscriptions.csv',
      key: 'subscription_id',
      matchRate: 41 / 42,
    });
    expect(usage.confidence).not.toBe('high');
    expect(byName['support_tickets.csv']).toMatchObject({ entity: 'tickets', columns: { account_id: 'account_id' } });
    expect(byName['churn_events.csv']).toMatchObject({ entity: 'churn', columns: { account_id: 'account_id' } });
  });

  it('loads usage through subscriptions, each unmatched key rejected at its line, every row accounted for', async () => {
    const { issues, counts, plan } = await load('saas-multitable');
    expect(plan.mapping.version).toBe(2);
    expect(counts).toEqual({
      'accounts.csv': [30, 30, 0],
      'subscriptions.csv': [41, 40, 1],
      'feature_usage.csv': [166, 160, 6],
      'support_tickets.csv': [40, 40, 0],
      'churn_events.csv': [4, 4, 0],
    });
    expect(issues).toEqual([
      'feature_usage.csv:19 subscription_id "SUB-55555" subscription id not in subscriptions.csv (its subscription_id column)',
      'feature_usage.csv:32 subscription_id "" blank subscription id: the account is found through subscriptions.csv',
      ...[164, 165, 166, 167].map(
        (l) =>
          `feature_usage.csv:${l} subscription_id "SUB-10099" subscription id found in subscriptions.csv only on a rejected row: see that file's issues`,
      ),
      'subscriptions.csv:42 account_id "ACC-9999" account id not in the accounts export',
    ]);
    // ACC-0003 has two subscriptions (SUB-10004, SUB-10005): its usage rows are both of theirs.
    expect(await one(`SELECT count(*)::INTEGER FROM usage_events WHERE account_id = 'ACC-0003'`)).toEqual([8]);
    expect(await one(`SELECT arr, segment FROM accounts WHERE account_id = 'ACC-0001'`)).toEqual([10800, 'Mid-Market']);
  });
});

describe('HubSpot companies and contacts, Zendesk tickets by requester email', () => {
  it('is proposed with contacts as a lookup, tickets through the requester email, ARR from MRR × 12', async () => {
    const { byName } = await propose('hubspot-zendesk');
    expect(byName['hubspot-companies.csv']).toMatchObject({
      entity: 'accounts',
      columns: { account_id: 'Record ID', mrr: 'MRR', csm: 'Company owner', region: 'Country/Region' },
      notes: ['No ARR column: ARR = "MRR" (MRR) × 12.'],
    });
    expect(byName['hubspot-companies.csv']!.columns.arr).toBeUndefined();
    expect(byName['hubspot-contacts.csv']).toMatchObject({
      entity: 'links',
      columns: { key: 'Record ID', email: 'Email', account_id: 'Associated Company ID' },
    });
    expect(byName['zendesk-tickets.csv']).toMatchObject({
      entity: 'tickets',
      columns: { ticket_id: 'Ticket ID', opened_at: 'Created at', closed_at: 'Solved at' },
      via: { column: 'Requester email', file: 'hubspot-contacts.csv', key: 'Email', matchRate: 25 / 26 },
    });
  });

  it('loads tickets through contacts and says ARR was computed from MRR', async () => {
    const { issues, counts, log } = await load('hubspot-zendesk');
    expect(counts).toEqual({
      'hubspot-companies.csv': [12, 12, 0],
      'hubspot-contacts.csv': [25, 24, 1],
      'zendesk-tickets.csv': [32, 30, 2],
    });
    expect(issues).toEqual([
      'hubspot-contacts.csv:26 Associated Company ID "" blank Account ID',
      'zendesk-tickets.csv:11 Requester email "who@unknown.example" requester email not in hubspot-contacts.csv (its Email column)',
      `zendesk-tickets.csv:22 Requester email "sam@gone.example" requester email found in hubspot-contacts.csv only on a rejected row: see that file's issues`,
    ]);
    expect(log.groups.find((g) => g.reason === 'no ARR column: ARR = MRR × 12')).toMatchObject({
      file: 'hubspot-companies.csv',
      column: 'MRR',
      count: 12,
      action: 'value coerced',
    });
    // Firm 1 pays 800 a month.
    expect(await one(`SELECT arr FROM accounts WHERE account_id = '9012345601'`)).toEqual([9600]);
    // pat1 and pat2 are Firm 1's contacts: tickets 1, 2, 25, 26 are theirs (by email, not by name).
    expect(await one(`SELECT count(*)::INTEGER FROM tickets WHERE account_id = '9012345601'`)).toEqual([4]);
  });
});

describe('Mixpanel events by distinct_id, with the people (users) table', () => {
  it('is proposed with users as a lookup and events through distinct_id', async () => {
    const { byName } = await propose('mixpanel-users');
    expect(byName['mixpanel-users.csv']).toMatchObject({
      entity: 'links',
      columns: { key: '$distinct_id', account_id: 'company_id' },
    });
    expect(byName['mixpanel-events.csv']).toMatchObject({
      entity: 'usage_events',
      columns: { timestamp: 'time', user_id: 'distinct_id', event: 'event' },
      dateFormats: { timestamp: 'epoch-s' },
      via: { column: 'distinct_id', file: 'mixpanel-users.csv', key: '$distinct_id', matchRate: 21 / 22 },
    });
    expect(byName['accounts.csv']).toMatchObject({ entity: 'accounts', columns: { arr: 'ARR', segment: 'Segment' } });
  });

  it('loads events through users; an anonymous id and a user without an account are rejected at their lines', async () => {
    const { issues, counts } = await load('mixpanel-users');
    expect(counts).toEqual({
      'accounts.csv': [8, 8, 0],
      'mixpanel-events.csv': [82, 80, 2],
      'mixpanel-users.csv': [21, 20, 1],
    });
    expect(issues).toEqual([
      'mixpanel-events.csv:27 distinct_id "anon-7f3a" distinct id not in mixpanel-users.csv (its $distinct_id column)',
      `mixpanel-events.csv:52 distinct_id "u-099" distinct id found in mixpanel-users.csv only on a rejected row: see that file's issues`,
      'mixpanel-users.csv:22 company_id "" blank Account ID',
    ]);
    // Every third of the 80 kept events is "Logged In" (n = 0, 3, …, 78).
    expect(await one(`SELECT sum(logins)::INTEGER FROM usage_events`)).toEqual([27]);
  });
});
