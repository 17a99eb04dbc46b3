import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../engine/core/api/schema.js';
import { evaluateFrame } from '../engine/core/backtest/evaluate.js';
import { monthSpan, startAfter } from '../engine/core/backtest/fittedOverlap.js';
import { loadWorkbenchData, type LoadedData } from '../engine/node/data/loadWorkbench.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { csvCell } from '../engine/core/export/csv.js';
import { DEFAULT_REPLICATES } from '../engine/core/backtest/bootstrap.js';
import { classificationMetrics } from '../engine/core/backtest/metrics.js';
import { verdictOf } from '../engine/core/verdict/verdict.js';
import { backtestSummary } from '../cli/summary.js';
import { healthyResult } from './engine/verdictFixtures.js';
import { buildCli, cli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const sample = join(root, 'sample-data');
const configs = join(root, 'tests', 'fixtures', 'configs');

beforeAll(buildCli, 60_000);

/** Every broken configuration in the corpus, with exactly the problems it must report. */
const EXPECTED: Record<string, string[]> = {
  'weights-sum-to-97.json': ['categories: weights sum to 97, expected 100'],
  'unknown-fields.json': ['categories[0].colour: unknown field "colour"', 'owner: unknown field "owner"'],
  'future-version.json': ['schemaVersion: version 2 is newer than this workbench reads (1); update the workbench'],
  'cut-points-out-of-order.json': [
    'tiers.tiers[1].min: cut points must decrease: Yellow starts at 75, not below Green (70)',
  ],
  'bad-signal-and-bands.json': [
    'categories[0].signals[0].signal: unknown signal "logins_per_moon": use a built-in signal id, or "custom." and a lower-case name defined in customSignals',
    'categories[1].signals[2].normalisation.scores: bands need exactly one more score than edges',
    'categories[1].signals[2].normalisation.edges: band edges must increase',
  ],
  'not-json.json': ['$: not valid JSON'],
};

describe('health-workbench validate', () => {
  it('accepts a valid configuration with exit code 0', () => {
    const r = cli('validate', join(configs, 'valid-default.json'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid (schema version 1)');
  });
  it.each(Object.entries(EXPECTED))('rejects %s with every problem and its JSON path (exit 1)', (file, problems) => {
    const r = cli('validate', join(configs, file));
    expect(r.code).toBe(1);
    const lines = r.err
      .trim()
      .split('\n')
      .map((l) => l.replace(`${join(configs, file)}: `, ''));
    expect(lines).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(lines[i]).toContain(p));
  });
  it('has a case for every file in the corpus', () => {
    expect(
      readdirSync(configs)
        .filter((f) => f !== 'valid-default.json')
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });
});

describe('health-workbench usage', () => {
  it('prints help with exit 0 and refuses unknown commands and options with exit 2', () => {
    expect(cli('--help').code).toBe(0);
    expect(cli('backtest', '--help').out).toContain('--snapshots-out');
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('backtest', '--data', sample, '--horizon', 'soon').code).toBe(2);
    expect(cli('backtest', '--bogus').code).toBe(2);
    expect(cli('backtest', '--data', sample, '--overrides', 'sometimes').err).toMatch(
      /^error: --overrides must be ignore or apply, got sometimes\n/,
    );
    expect(cli('score', '--data', sample).code).toBe(2); // --out missing
  });
  it('prints the version, and help globally, per command (-h or --help) and through "help COMMAND"', () => {
    const version = cli('--version');
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
    for (const args of [
      ['validate', '-h'],
      ['validate', '--help'],
      ['help', 'validate'],
    ]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/^health-workbench validate CONFIG\.json\n/);
      expect(r.err).toBe('');
    }
    expect(cli('-h').out).toContain('Commands:');
  });
  it('reads --name=value as --name value', () => {
    const r = cli('sql', '--as-of=2026-10-31', '--usage-interval-days=7');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("CAST('2026-10-31' AS DATE)");
    expect(r.out).toBe(cli('sql', '--as-of', '2026-10-31', '--usage-interval-days', '7').out);
  });
  it('names an unknown option in the usage error (exit 2), before or after the command', () => {
    const r = cli('validate', join(configs, 'valid-default.json'), '--strict');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: unknown option --strict\n/);
    expect(cli('--frob').err).toMatch(/^error: unknown option --frob\n/);
    expect(cli('score', '--data', sample, '--out').err).toMatch(/^error: --out needs a value\n/);
  });
  it('rejects a folder without exports with exit 1', () => {
    const r = cli('backtest', '--data', mkdtempSync(join(tmpdir(), 'hsw-empty-')));
    expect(r.code).toBe(1);
    expect(r.err).toContain('accounts.csv');
  });
});

describe('health-workbench on the sample data', () => {
  let data: LoadedData;
  beforeAll(async () => {
    data = await loadWorkbenchData(sample);
  }, 120_000);
  afterAll(() => data.close());

  it("backtest --json gives the engine's metrics, and --snapshots-out lets anyone recompute them", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hsw-cli-')), 'snaps.csv');
    const r = cli('backtest', '--data', sample, '--json', '--snapshots-out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\[\d+\/\d+\] Reading accounts\.csv/);
    const json = JSON.parse(r.out) as EvaluationResult;
    const engine = evaluateFrame(
      data.frame,
      DEFAULT_CONFIG,
      { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] },
      data.frame.meta.periods.at(-1)!,
    );
    expect(json.backtest.overall).toEqual(engine.backtest.overall);
    expect(json.backtest.auc).toBe(engine.backtest.auc);
    expect(json.intervals?.replicates).toBe(DEFAULT_REPLICATES);
    // Capacity month by month rides along: one row per evaluation month, adding up to the whole window.
    expect(json.backtest.capacity).toEqual(engine.backtest.capacity);
    const months = json.backtest.capacity.byPeriod;
    expect(months.map((p) => p.period)).toEqual(json.backtest.periods);
    expect(months.reduce((n, p) => n + p.accounts, 0)).toBe(json.backtest.evaluated);
    expect(months.reduce((n, p) => n + p.churners, 0)).toBe(json.backtest.capacity.churners);
    expect(months.reduce((n, p) => n + p.churnersCaught, 0)).toBe(json.backtest.capacity.churnersCaught);

    const rows = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows).toHaveLength(json.backtest.evaluated);
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const row of rows) {
      const atRisk = row[5] === 'true',
        churned = row[6] === 'true';
      if (atRisk && churned) tp++;
      else if (atRisk) fp++;
      else if (churned) fn++;
    }
    expect(tp / (tp + fp)).toBe(json.backtest.overall.precision);
    expect(tp / (tp + fn)).toBe(json.backtest.overall.recall);

    // Every signal's raw value rides along, blank where unavailable, so anyone can fit their own model on the rows.
    const header = readFileSync(out, 'utf8').split('\n', 1)[0]!.split(',');
    const signalsEnd = 8 + data.frame.meta.signals.length;
    expect(header.slice(8, signalsEnd)).toEqual(data.frame.meta.signals);
    // Then what an independent recomputation needs (tests/reference/pipeline_oracle.py).
    expect(header.slice(signalsEnd, signalsEnd + 3)).toEqual(['evaluated', 'days_to_outcome', 'observed_days']);
    const { accountIds, periods } = data.frame.meta;
    const at = new Map<string, number>();
    for (let i = 0; i < data.frame.n; i++)
      at.set(`${accountIds[data.frame.account[i]!]}|${periods[data.frame.period[i]!]}`, i);
    for (const row of rows.slice(0, 500)) {
      const i = at.get(`${row[0]}|${row[1]}`)!;
      data.frame.meta.signals.forEach((id, k) => {
        const v = data.frame.values[id]![i]!;
        expect(row[8 + k]).toBe(Number.isNaN(v) ? '' : String(v));
      });
    }
  }, 120_000);

  it('suggest writes a fitted configuration with its fitting months, and backtest --config warns on the overlap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-'));
    const file = join(dir, 'fitted.json');
    const r = cli('suggest', '--data', sample, '--out', file, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      trainMonths: { from: string; to: string };
      testMonths: { from: string; to: string };
      fitted: { auc: number };
      current: { auc: number };
      heldOut: { verdict: string };
    };
    expect(report.trainMonths.to < report.testMonths.from).toBe(true);
    expect(report.fitted.auc).toBeGreaterThan(report.current.auc);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { fittedOn: unknown };
    expect(written.fittedOn).toEqual({ ...report.trainMonths, fitted: 'scorecard' });
    expect(cli('validate', file).code).toBe(0);
    expect(cli('suggest', '--data', sample, '--out', file).err).toContain('exists; pass --force');
    const b = cli('backtest', '--data', sample, '--config', file);
    expect(b.code).toBe(0);
    // The backtest's default window overlaps the fit: the warning and the verdict name what the scorecard fitted.
    const span = monthSpan(report.trainMonths.from, report.trainMonths.to);
    expect(b.out).toContain(`warning: This scorecard's bands, points, weights and cuts were fitted on ${span}, which`);
    expect(b.out).toContain(`Evaluate from ${startAfter(report.trainMonths.to)}.`);
  }, 180_000);

  it('score writes every account at the date with its tier and an explanation whose contributions add up', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hsw-cli-')), 'scored.csv');
    const r = cli('score', '--data', sample, '--out', out);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const last = data.frame.meta.periods.length - 1;
    expect(lines.length - 1).toBe(Array.from(data.frame.period).filter((m) => m === last).length);
    const first = lines[1]!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const contributions = header.flatMap((h, i) => (h.endsWith('_contribution') ? [Number(first[i])] : []));
    expect(Math.abs(contributions.reduce((a, b) => a + b, 0) - Number(first[header.indexOf('score')]))).toBeLessThan(
      0.05,
    );
    expect(first[header.indexOf('explanation')]).toMatch(/is pulling the score down/);
  }, 120_000);
});

describe('CSV export cells', () => {
  it('neutralise spreadsheet formulas and quote separators', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('Smith, Jones & Co')).toBe('"Smith, Jones & Co"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});

describe('approved configurations', () => {
  it('round-trip: approve, export, re-run on the same data reproduces the metrics exactly; edits are caught', async () => {
    const { EngineService } = await import('../engine/node/service.js');
    const { writeFileSync } = await import('node:fs');
    const service = new EngineService({ dataDir: sample });
    try {
      const approved = (await service.handle('approveConfig', {
        config: DEFAULT_CONFIG,
        backtest: DEFAULT_BACKTEST,
        approver: 'Dana Admin',
        note: 'Q4 calibration',
        // The default Red cut catches few churners on the sample data: a serious finding to acknowledge.
        acknowledgeSerious: true,
      })) as Record<string, unknown> & {
        metrics: { precision: number };
        configuration: { categories: { weight: number }[] };
      };
      expect(approved.configSha256).toMatch(/^[0-9a-f]{64}$/);
      const dir = mkdtempSync(join(tmpdir(), 'hsw-approved-'));
      const file = join(dir, 'approved.json');
      writeFileSync(file, JSON.stringify(approved, null, 2));

      const valid = cli('validate', file);
      expect(valid.code).toBe(0);
      expect(valid.out).toContain('approved by Dana Admin');
      const rerun = cli('backtest', '--data', sample, '--config', file);
      expect(rerun.code).toBe(0);
      expect(rerun.err).toContain('Reproduced the metrics approved by Dana Admin');

      const edited = structuredClone(approved);
      edited.configuration.categories[0]!.weight = 31;
      edited.configuration.categories[1]!.weight = 19;
      writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited));
      const tampered = cli('validate', join(dir, 'edited.json'));
      expect(tampered.code).toBe(1);
      expect(tampered.err).toContain('configSha256: the configuration was changed after approval');

      const wrongMetrics = structuredClone(approved);
      wrongMetrics.metrics.precision += 0.01;
      writeFileSync(join(dir, 'wrong-metrics.json'), JSON.stringify(wrongMetrics));
      const notReproduced = cli('backtest', '--data', sample, '--config', join(dir, 'wrong-metrics.json'));
      expect(notReproduced.code).toBe(1);
      expect(notReproduced.err).toContain('NOT reproduced');
    } finally {
      await service.close();
    }
  }, 180_000);
});

describe('the verdict, the same everywhere', () => {
  it('is identical in the app’s result path, the CLI’s backtest --json and the approved file', async () => {
    const { EngineService } = await import('../engine/node/service.js');
    const { BacktestPipeline } = await import('../engine/core/backtest/pipeline.js');
    const { verdictOf } = await import('../engine/core/verdict/verdict.js');
    const data = await loadWorkbenchData(sample);
    const service = new EngineService({ dataDir: sample });
    try {
      const backtest = { ...DEFAULT_BACKTEST, atRiskTiers: ['red'] };
      // The app: the worker's pipeline, its result, then the bootstrap in slices (evaluate.worker.ts).
      const pipeline = new BacktestPipeline(data.frame);
      const params = { config: DEFAULT_CONFIG, backtest, asOf: data.frame.meta.periods.at(-1)! };
      const result = pipeline.run(params);
      const run = pipeline.bootstrap(params, DEFAULT_REPLICATES);
      while (!run.finished) run.step(7);
      const app = verdictOf({ result: { ...result, intervals: run.result() }, config: DEFAULT_CONFIG, backtest });

      const r = cli('backtest', '--data', sample, '--json');
      expect(r.code).toBe(0);
      const fromCli = (JSON.parse(r.out) as { verdict: unknown }).verdict;

      const approved = (await service.handle('approveConfig', {
        config: DEFAULT_CONFIG,
        backtest,
        approver: 'Dana Admin',
        note: '',
        acknowledgeSerious: true,
      })) as { verdict: { acknowledgement: unknown } };
      const { acknowledgement, ...inFile } = approved.verdict;

      expect(fromCli).toEqual(app);
      expect(inFile).toEqual(app);
      expect(app.overall).toBe('serious');
      expect(acknowledgement).toEqual({
        by: 'Dana Admin',
        findings: app.findings.filter((f) => f.severity === 'serious').map((f) => f.id),
      });
      // Without the acknowledgement the engine refuses, naming it.
      await expect(
        service.handle('approveConfig', { config: DEFAULT_CONFIG, backtest, approver: 'Dana Admin', note: '' }),
      ).rejects.toThrow(/explicit acknowledgement/);
      const text = cli('backtest', '--data', sample);
      expect(text.out.split('\n')[0]).toBe(`Verdict: ${app.headline}`);
      for (const f of app.findings) expect(text.out).toContain(f.sentence);
    } finally {
      await service.close();
      data.close();
    }
  }, 240_000);
});

describe('health-workbench on user files through a mapping', () => {
  const fixtures = join(root, 'tests', 'fixtures', 'import');
  it('map prints the proposed mapping as JSON for files and folders', () => {
    const r = cli('map', join(fixtures, 'crm-accounts-us-dates.csv'), join(fixtures, 'segment-tracks.ndjson'));
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as {
      format: string;
      files: {
        name: string;
        mapping: { entity: string; columns: Record<string, string>; dateFormats: Record<string, string> };
      }[];
    };
    expect(m.format).toBe('health-score-workbench/mapping');
    expect(m.files.map((f) => [f.name, f.mapping.entity])).toEqual([
      ['crm-accounts-us-dates.csv', 'accounts'],
      ['segment-tracks.ndjson', 'usage_events'],
    ]);
    expect(m.files[0]!.mapping.dateFormats.signup_date).toBe('us');
    expect(cli('map').code).toBe(2);
    expect(cli('map', join(fixtures, 'no-such-file.csv')).code).toBe(1);
  });

  it('backtest --data FILES --mapping M gives exactly the metrics of the same exports loaded as a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-map-'));
    const files = ['accounts.csv', 'usage_events.csv.gz', 'churn.csv'].map((f) => join(sample, f));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, cli('map', ...files).out);
    const mapped = cli(
      'backtest',
      '--data',
      ...files,
      '--mapping',
      mapping,
      '--json',
      '--issues-out',
      join(dir, 'issues.csv'),
    );
    expect(mapped.code, mapped.err).toBe(0);
    expect(mapped.err).toContain('usage_events.csv.gz: 439449 rows read, 439449 loaded, 0 rejected');
    // The same three files as a standard folder.
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    for (const f of files) copyFileSync(f, join(folder, f.split('/').at(-1)!));
    const direct = cli('backtest', '--data', folder, '--json');
    expect(direct.code, direct.err).toBe(0);
    const a = JSON.parse(mapped.out) as EvaluationResult;
    const b = JSON.parse(direct.out) as EvaluationResult;
    expect(a.backtest).toEqual(b.backtest);
    expect(readFileSync(join(dir, 'issues.csv'), 'utf8').split('\n')[0]).toBe('file,line,column,value,reason,action');
  }, 120_000);

  it('a folder that fails after reading still prints its counts and writes --issues-out, then says how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-fail-'));
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    copyFileSync(join(sample, 'accounts.csv'), join(folder, 'accounts.csv'));
    copyFileSync(join(sample, 'churn.csv'), join(folder, 'churn.csv'));
    // Day-first dates where the standard format is ISO: no usage row has a date the import can read.
    writeFileSync(
      join(folder, 'usage_events.csv'),
      'account_id,date,active_users,logins,features_used,key_actions,session_minutes,api_calls\n' +
        'ACC-00001,31/01/2024,3,5,2,1,30,0\nACC-00002,29/02/2024,1,1,1,0,10,0\n',
    );
    const out = join(dir, 'issues.csv');
    const r = cli('backtest', '--data', folder, '--issues-out', out);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('usage_events.csv: 2 rows read, 0 loaded, 2 rejected');
    expect(r.err).toContain('accounts.csv: 5000 rows read, 5000 loaded');
    expect(r.err).toMatch(/No usage row loaded with an account and a date.*map its Date column/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,line,column,value,reason,action');
    expect(lines).toContain(
      'usage_events.csv,3,date,29/02/2024,unparseable date (expected YYYY-MM-DD (ISO)),row rejected',
    );
  });

  it('map proposes relations and score --mapping loads usage through them (issue 15)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-map-'));
    const exportDir = join(root, 'tests', 'fixtures', 'exports', 'saas-multitable');
    const mapping = join(dir, 'mapping.json');
    const mapped = cli('map', exportDir);
    expect(mapped.err).toContain(
      'feature_usage.csv: usage_daily (medium confidence); through subscriptions.csv (subscription_id = subscription_id, 98 % of sampled values found)',
    );
    const saved = JSON.parse(mapped.out) as { version: number; files: { name: string; mapping: { via?: unknown } }[] };
    expect(saved.version).toBe(2);
    expect(saved.files.find((f) => f.name === 'feature_usage.csv')!.mapping.via).toMatchObject({
      file: 'subscriptions.csv',
    });
    writeFileSync(mapping, mapped.out);
    const r = cli('score', '--data', exportDir, '--mapping', mapping, '--out', join(dir, 'scores.csv'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('feature_usage.csv: 166 rows read, 160 loaded, 6 rejected');
    expect(r.err).toContain('feature_usage.csv line 19: subscription_id: subscription id not in subscriptions.csv');
  });

  it('rejects files the mapping does not fit, and mappings missing a required column, with exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-map-'));
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, cli('map', join(fixtures, 'crm-accounts-us-dates.csv')).out);
    const r = cli(
      'score',
      '--data',
      join(fixtures, 'accounts-hostile.csv'),
      '--mapping',
      mapping,
      '--out',
      join(dir, 'x.csv'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('accounts-hostile.csv: no entry of');
    const noHeader = cli(
      'backtest',
      '--data',
      join(fixtures, 'crm-accounts-us-dates.csv'),
      join(fixtures, 'churn-no-header.tsv'),
    );
    expect(noHeader.code).toBe(1);
    // The data now says which column holds the account ids (they are the accounts file's); the churn date it cannot tell.
    expect(noHeader.err).toContain('churn-no-header.tsv: no column mapped to Churn date');
  });
});

describe('health-workbench backtest --current-score', () => {
  it("prints the imported score's metrics, the very ones Compare gives its scenario", async () => {
    const folder = join(root, 'tests', 'fixtures', 'exports', 'gainsight');
    const r = cli('backtest', '--data', folder, '--current-score', '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("tiers are your platform's statuses (Good from 70, Fair from 40, Poor below)");
    expect(r.err).toMatch(/Your current score has no score in force at \d+ of the selected \d+ snapshots/);
    const printed = JSON.parse(r.out) as EvaluationResult;
    const { loadImportedData } = await import('../engine/node/data/loadWorkbench.js');
    const { expandImportPaths, proposeImport, planImport } = await import('../engine/node/import/plan.js');
    const { openDatabase } = await import('../engine/node/data/duckdb.js');
    const { compareScenarios } = await import('../engine/core/compare/compareScenarios.js');
    const db = await openDatabase();
    const proposed = await proposeImport(db, expandImportPaths([folder]), {});
    db.close();
    const data = await loadImportedData(
      planImport(proposed.files, proposed.choices).inputs,
      folder,
      () => undefined,
      () => false,
    );
    try {
      const base = { name: 'Workbench', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST };
      const current = { ...base, name: 'Your current score', score: 'imported' as const, tiersFrom: 'status' as const };
      const c = compareScenarios(data.frame, [base, current], data.frame.meta.periods.at(-1)!);
      expect(printed.backtest.auc).toBe(c.results[1]!.backtest.auc);
      expect(printed.backtest.averagePrecision).toBe(c.results[1]!.backtest.averagePrecision);
      expect(printed.backtest.evaluated).toBe(c.results[1]!.backtest.evaluated);
    } finally {
      data.close();
    }
    expect(cli('backtest', '--data', folder, '--current-score', '--snapshots-out', '/tmp/x.csv').code).toBe(2);
    // Without a score history there is nothing to backtest, and the message says what to import.
    const none = cli('backtest', '--data', sample, '--current-score');
    expect(none.code).toBe(1);
    expect(none.err).toContain("no score history is loaded. Import your platform's score history");
  }, 120_000);
});

describe('health-workbench sql', () => {
  it('prints a query that scores every active account at the latest month-end of the data', async () => {
    const r = cli('sql', '--data', sample);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("CAST('2026-10-31' AS DATE)");
    const data = await loadWorkbenchData(sample);
    try {
      const rows = (await data.db.conn.runAndReadAll(r.out)).getRowObjectsJson();
      const m = data.frame.meta.periods.indexOf('2026-10-31');
      expect(rows.length).toBe(Array.from(data.frame.period).filter((p) => p === m).length);
    } finally {
      data.close();
    }
    expect(cli('sql').code).toBe(2);
    expect(cli('sql', '--as-of', '31/10/2026').code).toBe(2);
  });
});

describe('health-workbench init and schema', () => {
  it('init prints the default configuration, which validates', () => {
    const r = cli('init');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(DEFAULT_CONFIG);
    const file = join(mkdtempSync(join(tmpdir(), 'hsw-init-')), 'c.json');
    writeFileSync(file, r.out);
    expect(cli('validate', file).code).toBe(0);
  });
  it('init --out writes the file, and will not overwrite one without --force', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hsw-init-')), 'health.config.json');
    expect(cli('init', '--out', file).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_CONFIG);
    writeFileSync(file, '{"mine": true}');
    const again = cli('init', `--out=${file}`);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${file} exists; pass --force to overwrite it`);
    expect(readFileSync(file, 'utf8')).toBe('{"mine": true}');
    expect(cli('init', '--out', file, '--force').code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_CONFIG);
  });
  it('init --help tells how to point an editor at the schema (a configuration file allows no "$schema" field)', () => {
    expect(cli('init', '--help').out).toContain('"json.schemas"');
    const withSchema = join(mkdtempSync(join(tmpdir(), 'hsw-init-')), 'c.json');
    writeFileSync(withSchema, JSON.stringify({ $schema: './health-workbench-config.schema.json', ...DEFAULT_CONFIG }));
    expect(cli('validate', withSchema).err).toContain('$schema: unknown field "$schema"');
  });
  it('schema prints the committed JSON Schema', () => {
    const r = cli('schema');
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(join(root, 'schema', 'health-workbench-config.schema.json'), 'utf8'));
  });
});

describe('backtest summary', () => {
  /** A hand-built result (tests/engine/verdictFixtures.ts) with two segments and every interval set by hand. */
  function known(): EvaluationResult {
    const r = healthyResult();
    const metrics = (tp: number, fp: number, fn: number, tn: number) => classificationMetrics({ tp, fp, fn, tn });
    r.backtest.breakdowns = [
      {
        dimension: 'segment',
        groups: [
          { group: 'Enterprise', metrics: metrics(60, 240, 40, 9660), tiers: [], tooFewToJudge: false },
          { group: 'SMB', metrics: metrics(2, 8, 3, 987), tiers: [], tooFewToJudge: true },
        ],
      },
    ];
    r.backtest.capacity.byPeriod = [
      { period: '2025-11-30', accounts: 5000, worked: 100, churners: 150, churnersCaught: 24, recallAtK: 0.16 },
      { period: '2025-12-31', accounts: 4000, worked: 100, churners: 0, churnersCaught: 0, recallAtK: null },
      { period: '2026-01-31', accounts: 5000, worked: 100, churners: 250, churnersCaught: 56, recallAtK: 0.224 },
    ];
    r.intervals = {
      replicates: 2000,
      precision: [0.12, 0.16],
      recall: [0.34, 0.4],
      f1: [0.2, 0.23],
      auc: [0.7, 0.74],
      averagePrecision: [0.08, 0.1],
      lift: [4.1, 5.3],
      arrCaptured: [0.31, 0.5],
      topDecileLift: [2.7, 3.5],
      tiers: [
        { tierId: 'green', churnRate: [0.0088, 0.0112] },
        { tierId: 'yellow', churnRate: [0.036, 0.044] },
        { tierId: 'red', churnRate: null },
      ],
      breakdowns: [
        {
          dimension: 'segment',
          groups: [
            { group: 'Enterprise', precision: [0.15, 0.25], recall: [0.5, 0.7], f1: [0.25, 0.35] },
            { group: 'SMB', precision: null, recall: null, f1: null },
          ],
        },
      ],
    };
    return r;
  }
  const body = (r: EvaluationResult) => {
    const text = backtestSummary(
      r,
      DEFAULT_CONFIG,
      verdictOf({ result: r, config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST }),
    );
    return text.split('\n').slice(text.split('\n').indexOf('') + 1);
  };

  it('prints every interval the result carries under the figure it qualifies', () => {
    expect(body(known())).toEqual([
      'Backtest: 2025-11-30 … 2026-01-31 (monthly), outcome churn within 90 days',
      'Evaluated 50000 snapshots (one per account per month-end, 5000 accounts); censored 15000 (horizon not yet observed); 0 outside the window',
      'Precision 14.0 %  recall 37.3 %  F1 20.4 %  base rate 3.0 %  lift 4.7×',
      '  95 % CI (2000 resamples of accounts): precision 12.0 %–16.0 %, recall 34.0 %–40.0 %, F1 20.0 %–23.0 %, lift 4.1×–5.3×',
      'Churned ARR caught by the at-risk set 40.0 % (95 % CI 31.0 %–50.0 %)',
      'ROC AUC 0.720  average precision 0.090  top-decile lift 3.1×',
      '  95 % CI: AUC 0.700–0.740, average precision 0.080–0.100, top-decile lift 2.7×–3.5×',
      'Churn rate by tier: Green 1.0 % (n=30000), Yellow 4.0 % (n=16000), Red 14.0 % (n=4000)',
      '  95 % CI of churn rate: Green 0.9 %–1.1 %, Yellow 3.6 %–4.4 %, Red —',
      'Capacity: working the 100 lowest-scored accounts each month reaches 20.0 % of churners (80 of 400)',
      '  month by month: 16.0 % (2025-11-30) to 22.4 % (2026-01-31); 1 month had no churners to reach',
      '  100 accounts is 2.0 %–2.5 % of the 4,000–5,000 accounts scored each month',
      '  Enterprise   precision 20.0 %  recall 60.0 %  n=10000  (95 % CI precision 15.0 %–25.0 %, recall 50.0 %–70.0 %, F1 25.0 %–35.0 %)',
      '  SMB          precision 20.0 %  recall 40.0 %  n=1000  (too few to judge)',
    ]);
  });

  it('prints only the intervals an older result carries, and none without intervals or ARR', () => {
    const older = known();
    const { precision, recall, f1, auc } = older.intervals!;
    older.intervals = { replicates: 200, precision, recall, f1, auc };
    older.backtest.arrCaptured = null;
    expect(body(older).filter((l) => l.includes('95 % CI') || l.includes('ARR'))).toEqual([
      '  95 % CI (200 resamples of accounts): precision 12.0 %–16.0 %, recall 34.0 %–40.0 %, F1 20.0 %–23.0 %',
      '  95 % CI: AUC 0.700–0.740',
    ]);
    older.intervals = null;
    expect(body(older).filter((l) => l.includes('95 % CI'))).toEqual([]);
  });
});
