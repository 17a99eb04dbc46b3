/**
 * A date pattern the user typed (the mapping screen, CLI --date-format) reads dates no
 * built-in format does; the columns it reads are proposed as dates, not only the sniffed ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { detectDateFormat } from '../../engine/core/import/dateFormats.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { proposeImport } from '../../engine/node/import/plan.js';

// A German ERP's ticket export: "03.Feb.2024 14h05" is in no built-in format.
const TICKETS = [
  ['Ticket ID', 'Organization ID', 'Created At', 'Solved At', 'Priority'],
  ['T-1', 'acct_001', '03.Feb.2024 14h05', '04.Feb.2024 09h30', 'high'],
  ['T-2', 'acct_002', '11.Mar.2024 08h15', '', 'low'],
  ['T-3', 'acct_001', '29.Feb.2024 17h45', '01.Mar.2024 10h00', 'normal'],
];
const PATTERN = '%d.%b.%Y %Hh%M';
const profile = TICKETS[0]!.map((name, k) => ({ name, samples: TICKETS.slice(1).map((r) => r[k]!) }));

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

describe('columns a typed date pattern reads', () => {
  it('are not proposed from the sniffed formats alone', () => {
    expect(detectDateFormat(profile[2]!.samples)).toBeNull();
    const m = suggestFileMapping('zendesk_tickets.csv', profile, 'tickets');
    expect(m.columns.opened_at).toBeUndefined();
    expect(m.columns.closed_at).toBeUndefined();
  });

  it('are proposed as the date columns once the pattern is given', () => {
    const m = suggestFileMapping('zendesk_tickets.csv', profile, undefined, { datePattern: PATTERN });
    expect(m.entity).toBe('tickets');
    expect(m.columns).toMatchObject({ opened_at: 'Created At', closed_at: 'Solved At', account_id: 'Organization ID' });
    expect(m.confidence).not.toBe('low');
  });

  it('a pattern that does not read the column proposes nothing more', () => {
    const m = suggestFileMapping('zendesk_tickets.csv', profile, 'tickets', { datePattern: '%Y-%m-%d' });
    expect(m.columns.opened_at).toBeUndefined();
  });

  it('--date-format reaches the proposal of the files on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-pattern-'));
    const path = join(dir, 'zendesk_tickets.csv');
    writeFileSync(path, TICKETS.map((r) => r.join(',')).join('\n') + '\n');
    db = await openDatabase();
    const without = await proposeImport(db, [path]);
    expect(without.choices[0]!.mapping.columns.opened_at).toBeUndefined();
    const withPattern = await proposeImport(db, [path], { datePattern: PATTERN });
    expect(withPattern.choices[0]!.read.datePattern).toBe(PATTERN);
    expect(withPattern.choices[0]!.mapping).toMatchObject({
      entity: 'tickets',
      columns: { opened_at: 'Created At', closed_at: 'Solved At' },
    });
  });
});
