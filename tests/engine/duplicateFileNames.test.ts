/**
 * Relations and saved mappings name files, so two exports with the same base name from
 * different folders (stripe/customers.csv, hubspot/customers.csv) are named by their paths,
 * and a relation to a name two files hold is refused, never followed to either.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinctFileNames } from '../../engine/core/import/fileNames.js';
import { relationProblems } from '../../engine/core/import/relations.js';
import { matchMappingFile } from '../../engine/core/import/mappingFile.js';
import { MAPPING_FORMAT, type FileMapping, type MappingFile } from '../../engine/core/api/importSchema.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { proposeImport } from '../../engine/node/import/plan.js';
import { EngineService } from '../../engine/node/service.js';

const root = mkdtempSync(join(tmpdir(), 'hsw-dupnames-'));
// Stripe's customer export and HubSpot's companies export, each saved as customers.csv in its own folder.
const STRIPE = join(root, 'exports', 'stripe', 'customers.csv');
const HUBSPOT = join(root, 'exports', 'hubspot', 'customers.csv');
mkdirSync(join(root, 'exports', 'stripe'), { recursive: true });
mkdirSync(join(root, 'exports', 'hubspot'), { recursive: true });
writeFileSync(
  STRIPE,
  'id,email,name,created\ncus_001,a@acme.test,Acme,2023-01-02\ncus_002,b@globex.test,Globex,2023-02-03\n',
);
writeFileSync(
  HUBSPOT,
  'Record ID,Company name,Create Date,Industry\n101,Acme,2023-01-01,Software\n102,Globex,2023-02-01,Retail\n',
);

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});
const service = new EngineService({ dataDir: root, stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')) });
afterAll(() => service.close());

describe('files with the same base name', () => {
  it('are named by as much of their path as tells them apart', () => {
    expect(
      distinctFileNames(['/x/stripe/customers.csv', '/x/hubspot/customers.csv', '/x/stripe/invoices.csv']),
    ).toEqual(['stripe/customers.csv', 'hubspot/customers.csv', 'invoices.csv']);
    expect(distinctFileNames(['/a/2024/eu/c.csv', '/b/2024/eu/c.csv'])).toEqual(['a/2024/eu/c.csv', 'b/2024/eu/c.csv']);
    expect(distinctFileNames(['C:\\exports\\stripe\\customers.csv', 'C:\\exports\\hubspot\\customers.csv'])).toEqual([
      'stripe/customers.csv',
      'hubspot/customers.csv',
    ]);
    expect(distinctFileNames(['/x/accounts.csv'])).toEqual(['accounts.csv']);
  });

  it('loaded from their folders (the CLI, a chosen folder) are proposed under distinct names', async () => {
    db = await openDatabase();
    const { files } = await proposeImport(db, [STRIPE, HUBSPOT]);
    expect(files.map((f) => f.name)).toEqual(['stripe/customers.csv', 'hubspot/customers.csv']);
  });

  it('chosen one after the other in the app, the second is named by its folder', async () => {
    const a = await service.registerPath(STRIPE);
    const b = await service.registerPath(HUBSPOT);
    expect([a.name, b.name]).toEqual(['customers.csv', 'hubspot/customers.csv']);
  });

  it('a relation to a name two files hold is a problem naming the file, never followed to either', () => {
    const accounts: FileMapping = { entity: 'accounts', columns: { account_id: 'id' }, dateFormats: {} };
    const usage: FileMapping = {
      entity: 'usage_daily',
      columns: { date: 'day' },
      dateFormats: {},
      via: { column: 'customer', file: 'customers.csv', key: 'id' },
    };
    const problems = relationProblems([
      { name: 'customers.csv', columns: ['id'], mapping: accounts },
      {
        name: 'customers.csv',
        columns: ['id'],
        mapping: { ...accounts, entity: 'links', columns: { key: 'id', account_id: 'id' } },
      },
      { name: 'usage.csv', columns: ['customer', 'day'], mapping: usage },
    ]);
    expect(problems).toEqual([
      'usage.csv: its relation names customers.csv, but 2 files are named customers.csv: rename one of them (e.g. stripe-customers.csv), or add them from their folders so each is named by its path (stripe/customers.csv)',
    ]);
  });

  it('a saved mapping gives each of two same-headed files the entry saved under its name', () => {
    const read = { format: 'csv' as const };
    const entry = (name: string, segment: string) => ({
      name,
      headers: ['id', 'name', 'segment'],
      read,
      mapping: { entity: 'accounts' as const, columns: { account_id: 'id', segment }, dateFormats: {} },
    });
    const saved: MappingFile = {
      format: MAPPING_FORMAT,
      version: 1,
      files: [entry('stripe/customers.csv', 'segment'), entry('hubspot/customers.csv', 'name')],
    };
    const { matches } = matchMappingFile(saved, [
      { id: 'h', name: 'hubspot/customers.csv', columns: ['id', 'name', 'segment'] },
      { id: 's', name: 'stripe/customers.csv', columns: ['id', 'name', 'segment'] },
    ]);
    expect(matches.map((m) => [m.fileId, m.mapping.columns.segment])).toEqual([
      ['h', 'name'],
      ['s', 'segment'],
    ]);
  });
});
