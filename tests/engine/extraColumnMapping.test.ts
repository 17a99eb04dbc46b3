/**
 * The mapping side of extra columns, pure: what a mapping may keep, the name and kind proposed for a
 * column, the mapping file version that holds them (older files reading as they did), and custom
 * signals naming them.
 */
import { describe, expect, it } from 'vitest';
import {
  FileMappingSchema,
  MAPPING_FORMAT,
  MappingFileSchema,
  mappingFileVersion,
} from '../../engine/core/api/importSchema.js';
import { CustomSignalSchema } from '../../engine/core/api/schema.js';
import { extraNameFor, proposeExtraColumns, proposeExtraKind } from '../../engine/core/import/extraColumns.js';
import { customColumnProblems } from '../../engine/core/signals/customColumns.js';

const tickets = { entity: 'tickets', columns: { ticket_id: 'Id', account_id: 'Org' }, dateFormats: {} } as const;
const issues = (x: object) => FileMappingSchema.safeParse(x).error?.issues.map((i) => i.message) ?? [];

describe('a mapping keeps extra columns', () => {
  it('of an event export, each under its own lower-case name', () => {
    const extras = [
      { column: 'Product area', name: 'product_area', kind: 'category' },
      { column: 'Satisfaction comment present', name: 'comment_present', kind: 'boolean' },
    ];
    expect(FileMappingSchema.parse({ ...tickets, extras }).extras).toEqual(extras);
  });

  it('names what is wrong: a table no signal reads, a name used twice, a name that is not a slug, an unknown kind', () => {
    const extra = { column: 'Tier', name: 'tier', kind: 'category' };
    expect(issues({ entity: 'renewals', columns: {}, dateFormats: {}, extras: [extra] })).toEqual([
      'extra columns are kept only for the accounts (as exported), usage, tickets, invoices, NPS answers and subscriptions (what a signal can read), not for renewals',
    ]);
    expect(issues({ ...tickets, extras: [extra, { ...extra, column: 'Tier 2' }] })).toEqual([
      'extra columns "Tier" and "Tier 2" are both named tier: give each its own name',
    ]);
    expect(issues({ ...tickets, extras: [{ ...extra, name: 'Plan Tier' }] })).toEqual([
      'a lower-case name: a letter, then letters, digits or _ (30 at most)',
    ]);
    expect(issues({ ...tickets, extras: [{ ...extra, name: '1tier' }] })).toHaveLength(1);
    expect(issues({ ...tickets, extras: [{ ...extra, kind: 'date' }] })).toHaveLength(1);
  });

  it('is saved as mapping file version 3; files without extras keep the version they had, and old files read unchanged', () => {
    const plain = { entity: 'usage_daily', columns: { account_id: 'a', date: 'd' }, dateFormats: { date: 'iso' } };
    const via = { ...plain, columns: { date: 'd' }, via: { column: 's', file: 'subs.csv', key: 'id' } };
    const kept = { ...plain, extras: [{ column: 'platform', name: 'platform', kind: 'category' }] } as const;
    expect(mappingFileVersion([FileMappingSchema.parse(plain)])).toBe(1);
    expect(mappingFileVersion([FileMappingSchema.parse(via)])).toBe(2);
    expect(mappingFileVersion([FileMappingSchema.parse(via), FileMappingSchema.parse(kept)])).toBe(3);
    const file = (version: number, mapping: object) => ({
      format: MAPPING_FORMAT,
      version,
      files: [{ name: 'usage.csv', headers: ['a', 'd'], read: { format: 'csv' }, mapping }],
    });
    expect(MappingFileSchema.parse(file(1, plain)).files[0]!.mapping).toEqual(plain);
    expect(MappingFileSchema.parse(file(2, via)).files[0]!.mapping).toEqual(via);
    expect(MappingFileSchema.parse(file(3, kept)).files[0]!.mapping.extras).toEqual(kept.extras);
    expect(MappingFileSchema.safeParse(file(4, plain)).error?.issues[0]?.message).toBe(
      'Invalid input: expected 1, 2 or 3',
    );
  });
});

describe('the name and kind proposed for a column', () => {
  it('names it from its header: lower case, words joined by _, a letter first, 30 characters at most', () => {
    expect(extraNameFor('Product area')).toBe('product_area');
    expect(extraNameFor('$browser')).toBe('browser');
    expect(extraNameFor('planTier')).toBe('plan_tier');
    expect(extraNameFor('Satisfação (1-5)')).toBe('satisfacao_1_5');
    expect(extraNameFor('2fa enabled')).toBe('c_2fa_enabled');
    expect(extraNameFor('metadata.a_really_long_stripe_metadata_key')).toBe('metadata_a_really_long_stripe');
    expect(extraNameFor('???')).toBe('c');
  });

  it('reads its kind from most of its sampled values, so a few typos do not hide a measure', () => {
    expect(proposeExtraKind(['1200', '', '3,000', '12.5', 'n/a'])).toBe('number');
    expect(proposeExtraKind(['1', '0', '1'])).toBe('number');
    expect(proposeExtraKind(['true', 'false', '', 'TRUE'])).toBe('boolean');
    expect(proposeExtraKind(['Yes', 'No', '1', 'maybe'])).toBe('boolean');
    expect(proposeExtraKind(['Billing', 'Reports', '2'])).toBe('category');
    expect(proposeExtraKind(['10', 'n/a', 'unknown', '5'])).toBe('category'); // half is not most
    expect(proposeExtraKind(['', ' '])).toBe('category');
  });
});

describe('the extras proposed for a file', () => {
  const profile = ['Ticket ID', 'Requester', 'Product area', 'Product_Area', 'Escalated?', 'Brand'].map((name) => ({
    name,
    samples: name === 'Escalated?' ? ['yes', 'no'] : ['x'],
  }));
  it('are the columns no role, relation or extra reads, each with its own name', () => {
    const mapping = {
      entity: 'tickets' as const,
      columns: { ticket_id: 'Ticket ID' },
      via: { column: 'Requester' },
      extras: [{ column: 'Brand', name: 'brand', kind: 'category' as const }],
    };
    expect(proposeExtraColumns(mapping, profile)).toEqual([
      { column: 'Product area', name: 'product_area', kind: 'category' },
      { column: 'Product_Area', name: 'product_area_2', kind: 'category' },
      { column: 'Escalated?', name: 'escalated', kind: 'boolean' },
    ]);
  });
  it('are none for a file no signal reads', () => {
    expect(proposeExtraColumns({ entity: 'renewals', columns: {} }, profile)).toEqual([]);
  });
  it('are offered on an accounts file only when it is an extract read at its export date', () => {
    const cols = ['customerID', 'Churn', 'tenure', 'PaymentMethod'].map((name) => ({ name, samples: ['x'] }));
    const crm = { entity: 'accounts' as const, columns: { account_id: 'customerID', signup_date: 'tenure' } };
    // A CRM list with dates of its own: its columns would be known only from an export date it has not got.
    expect(proposeExtraColumns(crm, cols)).toEqual([]);
    // A churn flag without a churn date (or a tenure column) takes the export date: its columns are known from it.
    const extract = { entity: 'accounts' as const, columns: { account_id: 'customerID', churned: 'Churn' } };
    expect(proposeExtraColumns(extract, cols).map((e) => e.column)).toEqual(['tenure', 'PaymentMethod']);
    const tenure = { entity: 'accounts' as const, columns: { account_id: 'customerID', tenure_months: 'tenure' } };
    expect(proposeExtraColumns(tenure, cols).map((e) => e.column)).toEqual(['Churn', 'PaymentMethod']);
  });
});

describe('custom signals on extra columns', () => {
  const signal = (x: object) =>
    CustomSignalSchema.safeParse({
      id: 'custom.x',
      label: 'X',
      category: 'support',
      direction: 'higher_is_riskier',
      table: 'tickets',
      window: 90,
      comparison: 'value',
      ...x,
    });

  it('accept a prefixed name before any data is loaded, and still refuse an unknown plain column', () => {
    expect(signal({ column: 'x_product_area', aggregation: 'distinct_count' }).success).toBe(true);
    expect(signal({ aggregation: 'count', where: { column: 'x_comment_present', is: true } }).success).toBe(true);
    expect(signal({ column: 'product_area', aggregation: 'count' }).error?.issues[0]?.message).toBe(
      'tickets has no column "product_area"',
    );
    expect(signal({ column: 'x_Product', aggregation: 'count' }).success).toBe(false);
  });

  it('are checked against the loaded kinds: a filter needs its kind of column', () => {
    const s = signal({ aggregation: 'count', where: { column: 'x_score', equals: ['5'] } }).data!;
    expect(customColumnProblems([s], { tickets: { x_score: 'number' } })).toEqual([
      'Custom signal custom.x ("X"): its filter on x_score of tickets (Tickets) needs a category column, and it is a number column: filter on a category or boolean column',
    ]);
    expect(customColumnProblems([s], { tickets: { x_score: 'category' } })).toEqual([]);
    const flag = signal({ column: 'x_flag', aggregation: 'share_true' }).data!;
    expect(customColumnProblems([flag], { tickets: { x_flag: 'boolean' } })).toEqual([]);
    expect(customColumnProblems([flag], { tickets: { x_flag: 'number' } })).toHaveLength(1);
  });
});
