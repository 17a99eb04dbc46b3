/** Mapping suggestions on header sets as real tools export them, and date formats. */
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { normaliseHeader } from '../../engine/core/import/headers.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { DATE_FORMAT_IDS, dateSql, detectDateFormat, parseDate } from '../../engine/core/import/dateFormats.js';

const cols = (headers: Record<string, string[]>) =>
  Object.entries(headers).map(([name, samples]) => ({ name, samples }));

describe('header normalisation', () => {
  it('makes the usual spellings of an account id equal', () => {
    expect(['Account ID', 'account_id', 'AccountId', 'ACCOUNT-ID', 'accountID'].map(normaliseHeader)).toEqual(
      Array(5).fill('account id'),
    );
    expect(normaliseHeader('customerID')).toBe('customer id');
    expect(normaliseHeader('properties.account_id')).toBe('properties account id');
    expect(normaliseHeader('Fälligkeitsdatum')).toBe('fälligkeitsdatum');
  });
});

describe('mapping suggestions', () => {
  it('Salesforce accounts report', () => {
    const m = suggestFileMapping(
      'Salesforce Accounts.csv',
      cols({
        'Account ID': ['0015g00000AbC'],
        'Account Name': ['Acme'],
        Type: ['Customer'],
        'Billing Country': ['US'],
        'Created Date': ['3/14/2023'],
        'Annual Revenue': ['120000'],
        'Account Owner': ['Jo'],
      }),
    );
    expect(m.entity).toBe('accounts');
    expect(m.columns).toMatchObject({
      account_id: 'Account ID',
      name: 'Account Name',
      region: 'Billing Country',
      signup_date: 'Created Date',
      arr: 'Annual Revenue',
      csm: 'Account Owner',
    });
    expect(m.dateFormats.signup_date).toBe('us');
  });

  it('a Salesforce accounts report with contract dates: its contract start is the start date, never the plan (a label column holds no dates)', () => {
    const m = suggestFileMapping(
      'Salesforce Accounts.csv',
      cols({
        'Account ID': ['001Dn00000004XyZ', '001Dn00000004XzA'],
        'Contract Start': ['2024-01-01', '2024-02-15'],
        'Contract Value': ['12000', '6000'],
      }),
    );
    expect(m.entity).toBe('accounts');
    expect(m.columns).toEqual({ account_id: 'Account ID', signup_date: 'Contract Start', arr: 'Contract Value' });
    // A header that only contains "contract" and holds dates is no plan either.
    const signed = suggestFileMapping(
      'Salesforce Accounts.csv',
      cols({
        'Account ID': ['001Dn00000004XyZ', '001Dn00000004XzA'],
        'Contract Signed On': ['2024-01-01', '2024-02-15'],
      }),
    );
    expect(signed.columns.plan).toBeUndefined();
  });

  it('HubSpot companies export', () => {
    const m = suggestFileMapping(
      'hubspot-companies.csv',
      cols({
        'Record ID': ['123'],
        'Company name': ['Acme'],
        'Create Date': ['2023-03-14 10:00'],
        'Annual Revenue': ['1000'],
        Industry: ['Retail'],
        'Company owner': ['Jo'],
      }),
    );
    expect(m.entity).toBe('accounts');
    expect(m.columns).toMatchObject({
      account_id: 'Record ID',
      name: 'Company name',
      industry: 'Industry',
      arr: 'Annual Revenue',
    });
  });

  it('Amplitude / Mixpanel daily usage', () => {
    const m = suggestFileMapping(
      'amplitude_daily.csv',
      cols({ customerID: ['C1'], Day: ['2024-06-01'], DAU: ['5'], Sessions: ['12'], 'Time Spent': ['33.5'] }),
    );
    expect(m.entity).toBe('usage_daily');
    expect(m.columns).toEqual({
      account_id: 'customerID',
      date: 'Day',
      active_users: 'DAU',
      logins: 'Sessions',
      session_minutes: 'Time Spent',
    });
  });

  it('Segment track events', () => {
    const m = suggestFileMapping(
      'tracks.ndjson',
      cols({
        groupId: ['A-1'],
        userId: ['u1'],
        event: ['Logged In'],
        timestamp: ['2024-06-01T08:00:00Z'],
        type: ['track'],
      }),
    );
    expect(m.entity).toBe('usage_events');
    expect(m.columns).toEqual({ account_id: 'groupId', user_id: 'userId', event: 'event', timestamp: 'timestamp' });
  });

  it('Zendesk tickets', () => {
    const m = suggestFileMapping(
      'zendesk_tickets.csv',
      cols({
        Id: ['1'],
        'Organization ID': ['A-1'],
        'Created at': ['2024-06-01 10:00:00'],
        'Solved at': [''],
        Priority: ['high'],
        'Satisfaction Score': ['good'],
      }),
    );
    expect(m.entity).toBe('tickets');
    expect(m.columns).toMatchObject({
      ticket_id: 'Id',
      account_id: 'Organization ID',
      opened_at: 'Created at',
      closed_at: 'Solved at',
      priority: 'Priority',
    });
  });

  it('Stripe invoices', () => {
    const m = suggestFileMapping(
      'stripe_invoices.csv',
      cols({
        id: ['in_1'],
        Customer: ['cus_1'],
        'Created (UTC)': ['2024-06-01 00:00:00'],
        'Due Date (UTC)': ['2024-06-15'],
        'Amount Due': ['100.00'],
        Status: ['open'],
        'Paid At (UTC)': [''],
      }),
    );
    expect(m.entity).toBe('invoices');
    expect(m.columns).toMatchObject({
      invoice_id: 'id',
      account_id: 'Customer',
      issued_date: 'Created (UTC)',
      due_date: 'Due Date (UTC)',
      amount: 'Amount Due',
      status: 'Status',
      paid_date: 'Paid At (UTC)',
    });
  });

  it('Chargebee / Recurly churn and renewal exports', () => {
    expect(
      suggestFileMapping(
        'cancellations.csv',
        cols({ 'Customer Id': ['c1'], 'Cancelled At': ['2024-05-01'], 'Cancel Reason': ['price'] }),
      ),
    ).toMatchObject({
      entity: 'churn',
      columns: { account_id: 'Customer Id', churn_date: 'Cancelled At', reason: 'Cancel Reason' },
    });
    expect(
      suggestFileMapping(
        'renewals.csv',
        cols({ account_code: ['a1'], 'Renewal Date': ['2024-05-01'], Renewed: ['yes'] }),
      ),
    ).toMatchObject({ entity: 'renewals', columns: { renewal_date: 'Renewal Date', renewed: 'Renewed' } });
  });

  it('NPS survey responses and CSM overrides', () => {
    expect(
      suggestFileMapping(
        'delighted_nps.csv',
        cols({ 'Response ID': ['r1'], 'Company ID': ['A-1'], 'Submitted At': ['1717243200'], Score: ['9'] }),
      ),
    ).toMatchObject({
      entity: 'nps',
      columns: { account_id: 'Company ID', responded_at: 'Submitted At', score: 'Score' },
      dateFormats: { responded_at: 'epoch-s' },
    });
    expect(
      suggestFileMapping(
        'csm_overrides.csv',
        cols({
          'Account ID': ['A-1'],
          Date: ['2024-05-01'],
          Tier: ['Red'],
          Reason: ['exec sponsor left'],
          Author: ['jo'],
          'Expiry Date': ['2024-08-01'],
        }),
      ),
    ).toMatchObject({
      entity: 'overrides',
      columns: {
        account_id: 'Account ID',
        created_at: 'Date',
        tier: 'Tier',
        reason: 'Reason',
        author: 'Author',
        expires_at: 'Expiry Date',
      },
    });
  });

  it('falls back to the file name when the headers say nothing, with low confidence', () => {
    const m = suggestFileMapping('churn.tsv', cols({ 'column 1': ['A-1'], 'column 2': ['2024-01-01'] }));
    expect(m).toMatchObject({ entity: 'churn', confidence: 'low' });
  });
});

describe('date formats', () => {
  it('detects each format and flags day/month ambiguity', () => {
    expect(detectDateFormat(['2024-06-01', '2024-06-30T10:00:00Z'])).toEqual({
      format: 'iso',
      share: 1,
      ambiguousWith: null,
    });
    expect(detectDateFormat(['06/30/2024', '1/2/2024'])?.format).toBe('us');
    expect(detectDateFormat(['30/06/2024', '1/2/2024'])?.format).toBe('eu-slash');
    expect(detectDateFormat(['03/04/2024'])).toMatchObject({ ambiguousWith: expect.any(String) });
    expect(detectDateFormat(['30.06.2024'])?.format).toBe('eu-dot');
    expect(detectDateFormat(['1717243200'])?.format).toBe('epoch-s');
    expect(detectDateFormat(['1717243200000'])?.format).toBe('epoch-ms');
    expect(detectDateFormat(['5', '12', '7'])).toBeNull();
  });

  it('parses the same way in TypeScript (previews) and in DuckDB (the import)', async () => {
    const values = [
      '2024-06-01',
      '2024-02-30',
      '2024-06-01T23:30:00-05:00',
      '06/30/2024',
      '6/3/2024',
      '30/06/2024',
      '30.06.2024',
      '2024/06/30',
      '1717243200',
      '1717243200000',
      '',
      'junk',
      '13/13/2024',
      '2024-13-01',
      '1.5',
    ];
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    for (const f of DATE_FORMAT_IDS) {
      const sql = `SELECT ${values.map((v, i) => `strftime(${dateSql(`'${v}'`, f)}, '%Y-%m-%d') AS v${i}`).join(', ')}`;
      const row = (await conn.runAndReadAll(sql)).getRowsJson()[0]!;
      expect(row, f).toEqual(values.map((v) => parseDate(v, f)));
    }
    conn.closeSync();
    instance.closeSync();
  });
});

describe('saved mapping files', async () => {
  const { matchMappingFile } = await import('../../engine/core/import/mappingFile.js');
  const entry = (name: string, headers: string[], entity: 'accounts' | 'churn') => ({
    name,
    headers,
    read: { format: 'csv' as const, delimiter: ',' as const, header: true },
    mapping: { entity, columns: { account_id: headers[0]! }, dateFormats: {} },
  });
  const saved = {
    format: 'health-score-workbench/mapping' as const,
    version: 1 as const,
    files: [
      entry('accounts-2026-10.csv', ['Id', 'Name'], 'accounts'),
      entry('churn-2026-10.csv', ['Account', 'Date'], 'churn'),
    ],
  };

  it("applies last month's mapping to this month's files, by headers first, then by name", () => {
    const r = matchMappingFile(saved, [
      { id: 'f1', name: 'crm dump.csv', columns: ['Name', 'Id'] },
      { id: 'f2', name: 'churn-2026-11.csv', columns: ['Account', 'Date', 'Reason'] },
      { id: 'f3', name: 'notes.csv', columns: ['x'] },
    ]);
    expect(r.matches.map((m) => [m.fileId, m.mapping.entity, m.by])).toEqual([
      ['f1', 'accounts', 'headers'],
      ['f2', 'churn', 'name'],
    ]);
    expect(r.unmatchedFiles).toEqual(['notes.csv']);
    expect(r.unusedEntries).toEqual([]);
  });

  it('does not apply a mapping by name when a mapped column is gone', () => {
    const r = matchMappingFile(saved, [{ id: 'f1', name: 'churn-2026-11.csv', columns: ['Customer', 'Date'] }]);
    expect(r.matches).toEqual([]);
    expect(r.unusedEntries).toEqual(['accounts-2026-10.csv', 'churn-2026-10.csv']);
  });
});
