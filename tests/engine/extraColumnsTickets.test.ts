/**
 * Extra columns on a table other than usage: a Zendesk ticket export with two custom fields,
 * "Product area" (a category) and "Satisfaction comment present" (yes/no, one value unreadable),
 * kept as x_product_area and x_comment_present, each ticket one row as it was exported. Custom
 * signals filter and average them at 2025-03-31 as worked out by hand; a mapping that keeps a
 * column the file lacks, or one name as two kinds, stops the import naming the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomSignalSchema, type CustomSignal } from '../../engine/core/api/schema.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import { ImportFailed } from '../../engine/node/import/issues.js';
import { rowIndex } from './fixtures.js';
import { MAPPING_FORMAT, mappingFileVersion, type MappingFile } from '../../engine/core/api/importSchema.js';
import { loadedExtraColumns } from '../../engine/node/data/extraColumns.js';
import { openWorkspace, saveWorkspace } from '../../engine/node/workspace/workspaceStore.js';

const AS_OF = '2025-03-31';
const dir = mkdtempSync(join(tmpdir(), 'hsw-extra-tickets-'));
const read = { format: 'csv', delimiter: ',', quote: '"', header: true } as const;

function file(name: string, lines: string[], mapping: FileMapping): ImportInput {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, label: name, read, columns: lines[0]!.split(','), mapping };
}

const accounts = file(
  'organizations.csv',
  ['External ID,Name,Created at', 'A1,Acme,2024-01-02', 'A2,Globex,2024-01-05'],
  {
    entity: 'accounts',
    columns: { account_id: 'External ID', name: 'Name', signup_date: 'Created at' },
    dateFormats: { signup_date: 'iso' },
  },
);

/** Daily usage from October to April, so 2025-03-31 has a full baseline behind it. */
function usageLines(): string[] {
  const out = ['Account ID,Date,Active users'];
  for (let t = Date.UTC(2024, 9, 1); t <= Date.UTC(2025, 3, 10); t += 86_400_000)
    for (const a of ['A1', 'A2']) out.push(`${a},${new Date(t).toISOString().slice(0, 10)},3`);
  return out;
}
const usage = file('usage.csv', usageLines(), {
  entity: 'usage_daily',
  columns: { account_id: 'Account ID', date: 'Date', active_users: 'Active users' },
  dateFormats: { date: 'iso' },
});

const TICKET_HEADER = 'Ticket ID,Organization,Created at,Priority,Product area,Satisfaction comment present';
const TICKET_ROWS = [
  '1,A1,2025-03-10 09:00:00,normal,Billing,true',
  '2,A1,2025-03-20 10:00:00,high,Reports,false',
  '3,A1,2025-03-31 22:00:00,normal,billing ,yes',
  '4,A1,2025-04-01 08:00:00,normal,Billing,true',
  '5,A2,2025-03-05 11:00:00,low,Reports,maybe',
  '6,A2,2025-03-06 11:00:00,low,,no',
];
const ticketMapping: FileMapping = {
  entity: 'tickets',
  columns: { ticket_id: 'Ticket ID', account_id: 'Organization', opened_at: 'Created at', priority: 'Priority' },
  dateFormats: { opened_at: 'iso' },
  extras: [
    { column: 'Product area', name: 'product_area', kind: 'category' },
    { column: 'Satisfaction comment present', name: 'comment_present', kind: 'boolean' },
  ],
};
const tickets = file('tickets.csv', [TICKET_HEADER, ...TICKET_ROWS], ticketMapping);

const def = (s: Omit<CustomSignal, 'label' | 'category' | 'direction' | 'table'>): CustomSignal =>
  CustomSignalSchema.parse({
    label: s.id,
    category: 'support',
    direction: 'higher_is_healthier',
    table: 'tickets',
    ...s,
  });

const SIGNALS = [
  def({
    id: 'custom.comment_share',
    column: 'x_comment_present',
    aggregation: 'share_true',
    window: 30,
    comparison: 'value',
  }),
  def({
    id: 'custom.billing_tickets',
    aggregation: 'count',
    where: { column: 'x_product_area', equals: ['Billing'] },
    window: 30,
    comparison: 'value',
  }),
  def({
    id: 'custom.commented_tickets',
    aggregation: 'count',
    where: { column: 'x_comment_present', is: true },
    window: 30,
    comparison: 'value',
  }),
  def({
    id: 'custom.last_commented',
    column: 'x_comment_present',
    aggregation: 'last',
    window: 'since_start',
    comparison: 'value',
  }),
];

let data: LoadedData;
beforeAll(async () => {
  data = await loadImportedData(
    [accounts, usage, tickets],
    'zendesk',
    () => undefined,
    () => false,
  );
}, 120_000);
afterAll(() => data?.close());

describe('extra columns of a ticket export', () => {
  it('are kept on each ticket, typed, and the unreadable yes/no is logged at its line', async () => {
    const rows = (
      await data.db.conn.runAndReadAll(
        'SELECT ticket_id, x_product_area, x_comment_present FROM tickets ORDER BY ticket_id',
      )
    ).getRowsJson();
    expect(rows).toEqual([
      ['1', 'Billing', true],
      ['2', 'Reports', false],
      ['3', 'billing', true],
      ['4', 'Billing', true],
      ['5', 'Reports', null],
      ['6', null, false],
    ]);
    const log = await issueSummary(data.db, 100, 0);
    expect(
      log.issues.map((i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} (${i.action})`),
    ).toEqual(['tickets.csv:6 Satisfaction comment present "maybe" not a yes/no value (value set to missing)']);
    const t = data.imported.find((f) => f.label === 'tickets.csv')!;
    expect([t.rowsRead, t.rowsLoaded, t.rowsRejected]).toEqual([6, 6, 0]);
    expect(data.extraColumns.tickets).toEqual({ x_product_area: 'category', x_comment_present: 'boolean' });
  });

  it('feed custom signals: worked out by hand at 2025-03-31 (30 days: Mar 2 – Mar 31)', async () => {
    const frame = await data.frameAt('monthly', undefined, SIGNALS);
    const at = (a: string) => {
      const i = rowIndex(frame, a, AS_OF);
      expect(i).toBeGreaterThanOrEqual(0);
      return SIGNALS.map((s) => frame.values[s.id]![i]!);
    };
    // A1: tickets 1 (yes, Billing), 2 (no, Reports), 3 (yes, " billing", late on the 31st); 4 is April's.
    // Share 2/3; 2 Billing tickets (trimmed, any case); 2 with a comment; the last, ticket 3, has one.
    const [share, billing, commented, last] = at('A1');
    expect(share).toBeCloseTo(2 / 3, 6);
    expect([billing, commented, last]).toEqual([2, 2, 1]);
    // A2: ticket 5's "maybe" is missing, so only ticket 6 (no) has the flag; ticket 5 is Reports.
    expect(at('A2')).toEqual([0, 0, 0, 0]);
  });
});

describe('a saved workspace', () => {
  it('keeps the extra columns and the mapping that kept them (version 3)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-extra-ws-'));
    const inputs = [accounts, usage, tickets];
    const mapping: MappingFile = {
      format: MAPPING_FORMAT,
      version: mappingFileVersion(inputs.map((i) => i.mapping)),
      files: inputs.map((i) => ({ name: i.label, headers: [...i.columns], read: i.read, mapping: i.mapping })),
    };
    expect(mapping.version).toBe(3);
    await saveWorkspace(root, data.db, {
      name: 'extras',
      source: 'zendesk',
      accounts: 2,
      savedAt: '2026-01-01T00:00:00Z',
      fingerprint: data.fingerprint,
      files: [],
      imported: [],
      project: { mapping, scenarios: [] },
    });
    const ws = await openWorkspace(root, 'extras');
    try {
      expect(await loadedExtraColumns(ws.db)).toMatchObject({
        tickets: { x_product_area: 'category', x_comment_present: 'boolean' },
      });
      expect(ws.saved.project.mapping?.files[2]?.mapping.extras).toEqual(ticketMapping.extras);
    } finally {
      ws.db.close();
      ws.release();
    }
  }, 60_000);
});

describe('a mapping whose extras cannot be kept', () => {
  async function importing(inputs: ImportInput[]): Promise<string> {
    const db = await openDatabase();
    try {
      await importFiles(
        db,
        inputs,
        () => undefined,
        () => false,
      );
      return 'imported';
    } catch (err) {
      return err instanceof ImportFailed || err instanceof Error ? err.message : String(err);
    } finally {
      db.close();
    }
  }

  it('names the file and the column it lacks', async () => {
    const lacking = {
      ...tickets,
      mapping: { ...ticketMapping, extras: [{ column: 'Brand', name: 'brand', kind: 'category' as const }] },
    };
    expect(await importing([accounts, lacking])).toBe(
      'tickets.csv: column "Brand" (kept as x_brand) is not in the file',
    );
  });

  it('names the file that keeps one name as a second kind', async () => {
    const again = file('tickets-2025.csv', [TICKET_HEADER, '7,A2,2025-03-07 11:00:00,low,Billing,yes'], {
      ...ticketMapping,
      extras: [{ column: 'Product area', name: 'comment_present', kind: 'category' }],
    });
    expect(await importing([accounts, tickets, again])).toBe(
      'tickets-2025.csv: extra column "Product area" is kept as x_comment_present (category), but another tickets file keeps x_comment_present as boolean: give them the same kind or different names',
    );
  });
});
