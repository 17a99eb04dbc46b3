/**
 * Loading user files through the engine API, and workspaces: the previous
 * data survives a failed or cancelled import, a saved workspace reopens to
 * the same scores, an interrupted save loses nothing, a second window gets a
 * clear message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, ImportReport, DataQuality } from '../../engine/core/api/importSchema.js';
import type { DatasetMeta, EvaluationResult, ImportStatus } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineService, safeFileName } from '../../engine/node/service.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { saveWorkspace, openWorkspace } from '../../engine/node/workspace/workspaceStore.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { acquireLock, WorkspaceLockedError } from '../../engine/node/workspace/lock.js';
import { savedProject } from '../support/savedProject.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');
const state = mkdtempSync(join(tmpdir(), 'hsw-state-'));
const service = new EngineService({ dataDir: SAMPLE, stateDir: state });
const services = [service];
afterAll(async () => {
  for (const s of services) await s.close();
});

async function waitImport(s: EngineService): Promise<ImportStatus> {
  for (;;) {
    const st = (await s.handle('getImportStatus', {})) as ImportStatus;
    if (st.state !== 'running') return st;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function importSample(
  s: EngineService,
  names = [
    'accounts.csv',
    'usage_events.csv.gz',
    'tickets.csv.gz',
    'invoices.csv.gz',
    'nps.csv',
    'churn.csv',
    'renewals.csv',
    'overrides.csv',
  ],
) {
  const files: FileInfo[] = [];
  for (const n of names) files.push((await s.registerPath(join(SAMPLE, n))) as FileInfo);
  await s.handle('startImport', { files: files.map((f) => ({ fileId: f.id, read: f.read, mapping: f.suggestion })) });
  return { files, status: await waitImport(s) };
}

const evaluateLatest = async (s: EngineService) => {
  const meta = (await s.handle('getDataset', {})) as DatasetMeta;
  return (await s.handle('evaluate', {
    config: DEFAULT_CONFIG,
    backtest: DEFAULT_BACKTEST,
    asOf: meta.periods.at(-1),
  })) as EvaluationResult;
};

describe('importing user files through the engine API', () => {
  it('imports files by path with their suggested mappings and replaces the data, with the same scores as the standard loader', async () => {
    await service.whenReady();
    const before = await evaluateLatest(service);
    const frameBefore = await service.call('getSnapshotFrame', { cadence: 'monthly' });
    const standard = (await service.handle('getImportReport', {})) as ImportReport;
    const { files, status } = await importSample(service);
    expect(files.map((f) => f.suggestion.entity)).toEqual([
      'accounts',
      'usage_daily',
      'tickets',
      'invoices',
      'nps',
      'churn',
      'renewals',
      'overrides',
    ]);
    expect(status).toMatchObject({ state: 'done', generation: 2 });
    expect(await service.handle('getStatus', {})).toMatchObject({ state: 'ready', generation: 2 });
    const after = await evaluateLatest(service);
    expect(after.backtest).toEqual(before.backtest);
    expect(after.backtest.overall.confusion.tp).toBeGreaterThan(0);
    expect(after.portfolio).toEqual(before.portfolio);
    // The standard folder's mapping and the suggested mappings give the very same snapshots, byte for byte.
    const frameAfter = await service.call('getSnapshotFrame', { cadence: 'monthly' });
    expect(Buffer.compare(Buffer.from(frameAfter), Buffer.from(frameBefore))).toBe(0);
    const report = (await service.handle('getImportReport', {})) as ImportReport;
    expect(report.files.map((f) => [f.file, f.rowsRejected])).toContainEqual(['accounts.csv', 0]);
    expect(report.total).toBe(410); // blank ARR ×2, blank session minutes ×408: kept as missing, each listed
    // The standard folder went through the same checks: the same counts per file and the same issues.
    const counts = (r: ImportReport) => r.files.map(({ entity: _e, ...f }) => f);
    expect(counts(standard)).toEqual(counts(report));
    expect(standard.groups).toEqual(report.groups);
    const csv = new TextDecoder().decode(await service.call('getImportIssuesCsv', {}));
    expect(csv.trim().split('\n')).toHaveLength(411);
    const project = (await service.handle('getProject', {})) as { mapping: { files: unknown[] } };
    expect(project.mapping.files).toHaveLength(8);
  }, 120_000);

  it('reports data quality: coverage, staleness, accounts with too little data', async () => {
    const dq = (await service.handle('getDataQuality', {})) as DataQuality;
    expect(dq.accounts).toBe(5000);
    const usage = dq.sources.find((s) => s.table === 'usage_events')!;
    expect(usage.coverage).toBeGreaterThan(0.9);
    expect(usage.daysStale).toBeGreaterThanOrEqual(0);
    expect(dq.signals).toHaveLength(SIGNAL_IDS.length);
    expect(dq.signals.every((s) => s.coverage >= 0 && s.coverage <= 1)).toBe(true);
    expect(dq.insufficientData).toBeGreaterThanOrEqual(0);
  });

  it('keeps the loaded data when an import fails, and says why', async () => {
    const gen = ((await service.handle('getStatus', {})) as { generation: number }).generation;
    const { status } = await importSample(service, ['nps.csv']);
    expect(status).toMatchObject({ state: 'failed', message: expect.stringMatching(/No file is mapped to Accounts/) });
    expect(((await service.handle('getStatus', {})) as { generation: number }).generation).toBe(gen);
    expect(((await service.handle('getDataset', {})) as DatasetMeta).accounts).toBe(5000);
  });

  it('keeps the loaded data when an import is cancelled', async () => {
    const gen = ((await service.handle('getStatus', {})) as { generation: number }).generation;
    const f = (await service.registerPath(join(SAMPLE, 'accounts.csv'))) as FileInfo;
    const u = (await service.registerPath(join(SAMPLE, 'usage_events.csv.gz'))) as FileInfo;
    await service.handle('startImport', {
      files: [f, u].map((x) => ({ fileId: x.id, read: x.read, mapping: x.suggestion })),
    });
    await service.handle('cancelImport', {});
    expect(await waitImport(service)).toMatchObject({ state: 'cancelled' });
    expect(((await service.handle('getStatus', {})) as { generation: number }).generation).toBe(gen);
  });

  it('re-sniffs with options the user changed and re-suggests for another entity', async () => {
    const f = (await service.registerPath(join(SAMPLE, 'churn.csv'))) as FileInfo;
    const noHeader = (await service.handle('sniffFile', { fileId: f.id, read: { header: false } })) as FileInfo;
    expect(noHeader.columns[0]!.name).toBe('column 1');
    const asRenewals = (await service.handle('sniffFile', { fileId: f.id, entity: 'renewals' })) as FileInfo;
    expect(asRenewals.suggestion.entity).toBe('renewals');
    await expect(service.handle('sniffFile', { fileId: 'f999' })).rejects.toThrow(/no file f999/);
  });

  it('streams uploads to disk under a safe name', async () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\Export ä 2024.csv')).toBe('Export ä 2024.csv');
    expect(safeFileName('a<b>:c?.csv')).toBe('a_b__c_.csv');
    const { Readable } = await import('node:stream');
    const info = (await service.registerUpload(
      'Mon export é.csv',
      Readable.from(['account_id,name\nA-1,x\n']),
    )) as FileInfo;
    expect(info).toMatchObject({ name: 'Mon export é.csv', suggestion: { entity: 'accounts' } });
    // The copy's modification time is the upload's, not the export's: no export date is proposed from it.
    expect(info.modified).toBeUndefined();
  });

  it("gives a chosen file's modification day (local time) as the date to propose for its export date", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-mtime-'));
    const file = join(dir, 'customers.csv');
    writeFileSync(file, 'Customer ID,Churn\nC-1,Yes\n');
    // 00:30 local: east of Greenwich the UTC day is the day before (TZ=Pacific/Auckland shows it); the local one is asked for.
    const t = new Date(2026, 10, 30, 0, 30);
    utimesSync(file, t, t);
    const info = (await service.registerPath(file)) as FileInfo;
    expect(info.modified).toBe('2026-11-30');
  });
});

describe('recovering from a failed start', () => {
  it('an engine whose start-up folder had no exports still loads files the user picks, and then answers', async () => {
    const broken = new EngineService({
      dataDir: '/nonexistent/folder',
      stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')),
    });
    services.push(broken);
    await expect(broken.whenReady()).rejects.toThrow(/accounts\.csv/);
    const { status } = await importSample(broken, ['accounts.csv', 'usage_events.csv.gz', 'churn.csv']);
    expect(status.state).toBe('done');
    expect(await broken.handle('getStatus', {})).toMatchObject({ state: 'ready' });
    const r = await evaluateLatest(broken);
    expect(r.portfolio.accounts).toBeGreaterThan(4000);
  });
});

describe('workspaces', () => {
  it('save → reopen in another window gives the same scores, project and recent list', async () => {
    const before = await evaluateLatest(service);
    const scenarios = [{ name: 'Usage-heavy', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST }];
    const proj = (await service.handle('getProject', {})) as { mapping: unknown };
    await service.handle('saveWorkspace', { name: 'Q3 review ä', project: { mapping: proj.mapping, scenarios } });
    // A second window on the same state folder sees it but cannot open it while the first holds it.
    const other = new EngineService({ dataDir: SAMPLE, stateDir: state });
    services.push(other);
    await other.whenReady();
    const list = (await other.handle('listWorkspaces', {})) as { recent: { name: string }[] };
    expect(list.recent.map((w) => w.name)).toEqual(['Q3 review ä']);
    await expect(other.handle('openWorkspace', { name: 'Q3 review ä' })).rejects.toThrow(
      /is open in another Health Score Workbench window/,
    );
    await service.close();
    const opened = (await other.handle('openWorkspace', { name: 'Q3 review ä' })) as {
      project: { scenarios: { name: string }[] };
    };
    expect(opened.project.scenarios.map((s) => s.name)).toEqual(['Usage-heavy']);
    const after = await evaluateLatest(other);
    expect(after.backtest).toEqual(before.backtest);
    expect(after.backtest.overall.confusion.tp).toBeGreaterThan(0);
    expect(after.portfolio).toEqual(before.portfolio);
    expect(((await other.handle('getImportReport', {})) as ImportReport).total).toBe(410);
  });

  it('an interrupted save leaves the previous version intact', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-ws-'));
    const db = await openDatabase();
    await db.conn.run(`CREATE TABLE accounts AS SELECT 'A-1' AS account_id`);
    const base = savedProject();
    await saveWorkspace(root, db, { ...base, savedAt: '2026-01-01T00:00:00Z' });
    await db.conn.run(`INSERT INTO accounts VALUES ('A-2')`);
    for (const fault of ['after-data', 'after-project'] as const) {
      await expect(
        saveWorkspace(root, db, { ...base, savedAt: '2026-02-01T00:00:00Z', accounts: 2 }, fault),
      ).rejects.toThrow(/simulated crash/);
      const ws = await openWorkspace(root, 'w');
      expect(ws.saved.savedAt).toBe('2026-01-01T00:00:00Z');
      expect((await ws.db.conn.runAndReadAll('SELECT count(*)::INTEGER FROM accounts')).getRowsJson()).toEqual([[1]]);
      ws.db.close();
      ws.release();
    }
    await saveWorkspace(root, db, { ...base, savedAt: '2026-03-01T00:00:00Z', accounts: 2 });
    const ws = await openWorkspace(root, 'w');
    expect((await ws.db.conn.runAndReadAll('SELECT count(*)::INTEGER FROM accounts')).getRowsJson()).toEqual([[2]]);
    ws.db.close();
    ws.release();
    db.close();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-lock-'));
    const path = join(dir, 'lock');
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), at: '2026-01-01T00:00:00Z' }));
    const release = acquireLock(path, 'w');
    expect(() => acquireLock(path, 'w')).toThrow(WorkspaceLockedError);
    release();
  });
});
