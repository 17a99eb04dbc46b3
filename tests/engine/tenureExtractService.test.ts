/**
 * The app's path for a one-row-per-customer churn extract (what the Data tab shows): through the
 * engine API it loads, every row counted, and becomes one snapshot per customer at the export date
 * (a first look, whose backtest says measures and outcome share that date: oneMomentExtract.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, ImportReport } from '../../engine/core/api/importSchema.js';
import type { DatasetMeta, ImportStatus } from '../../engine/core/api/schema.js';
import { EngineService } from '../../engine/node/service.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');
const TELCO = join(import.meta.dirname, '..', 'fixtures', 'exports', 'telco-churn', 'telco-customer-churn.csv');
const service = new EngineService({ dataDir: SAMPLE, stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')) });
afterAll(() => service.close());

async function waitImport(): Promise<ImportStatus> {
  for (;;) {
    const st = (await service.handle('getImportStatus', {})) as ImportStatus;
    if (st.state !== 'running') return st;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('importing a one-row-per-customer churn extract in the app', () => {
  it('loads every row and scores each customer once, at the export date', async () => {
    await service.whenReady();
    const f = (await service.registerPath(TELCO)) as FileInfo;
    expect(f.suggestion).toMatchObject({ entity: 'accounts', columns: { tenure_months: 'tenure', churned: 'Churn' } });
    await service.handle('startImport', {
      files: [{ fileId: f.id, read: f.read, mapping: { ...f.suggestion, asOf: '2024-03-31' } }],
    });
    const status = await waitImport();
    expect(status.state).toBe('done');
    const report = (await service.handle('getImportReport', {})) as ImportReport;
    expect(report.files.map((r) => [r.file, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([
      ['telco-customer-churn.csv', 40, 40, 0],
    ]);
    const data = (await service.handle('getDataset', {})) as DatasetMeta;
    expect([data.accounts, data.periods]).toEqual([40, ['2024-03-31']]);
  }, 120_000);
});
