/**
 * `npm run bench [-- --quick] [-- --json results.json] [-- --data DIR]`
 *
 * Times the workbench's engine and UI on a generated portfolio (50,000
 * accounts × 24 months, 10 M usage rows; --quick: 5,000 × 24, 1 M) against
 * the baselines a user would otherwise have: DuckDB's bare read_csv (the
 * floor for loading) and a pandas/numpy + scikit-learn script. Prints every
 * figure as median and p95; --json writes them with fixed keys
 * (milliseconds and bytes), documented in docs/performance.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { BacktestPipeline } from '../engine/core/backtest/pipeline.js';
import { decileMetrics } from '../engine/core/backtest/deciles.js';
import { thresholdFree } from '../engine/core/backtest/curves.js';
import { rankByScore } from '../engine/core/backtest/ranking.js';
import { openDatabase, sqlString } from '../engine/node/data/duckdb.js';
import { EXPORT_TABLES, findExportFile, loadExportTables, loadTable } from '../engine/node/data/exportTables.js';
import { standardFolder } from '../engine/node/data/standardFolder.js';
import { importFiles } from '../engine/node/import/importFiles.js';
import { setCutPoint } from '../engine/core/model/cutPoints.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { rebalanceWeights } from '../engine/core/model/weights.js';
import { computeCategoryScores } from '../engine/core/scoring/score.js';
import { buildSnapshots } from '../engine/node/snapshots/buildSnapshots.js';
import { summarise, timeRuns, type Summary } from './stats.js';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const size = quick ? { accounts: 5000, events: 1_000_000 } : { accounts: 50_000, events: 10_000_000 };
const R = quick ? { load: 5, build: 3, slider: 40, ui: 15 } : { load: 3, build: 2, slider: 30, ui: 40 };
const results: Record<string, Summary | number | string> = {};
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const show = (key: string, s: Summary, unit = 'ms') => {
  results[key] = s;
  console.log(
    `${key.padEnd(34)} median ${s.median.toFixed(2).padStart(10)} ${unit}   p95 ${s.p95.toFixed(2).padStart(10)} ${unit}   (${s.runs} runs)`,
  );
};
const ratio = (key: string, value: number, note: string) => {
  results[key] = value;
  console.log(`${key.padEnd(34)} ${value.toFixed(2).padStart(8)} ×   ${note}`);
};

// ---- data -----------------------------------------------------------------
const dataDir = opt('data')
  ? resolve(opt('data')!)
  : join(root, '.cache', 'bench', `${size.accounts}-${size.events}-plain`);
if (!existsSync(join(dataDir, 'accounts.csv'))) {
  log(`Generating ${size.accounts} accounts, ~${size.events} usage rows into ${dataDir} …`);
  mkdirSync(dataDir, { recursive: true });
  // Plain CSV, as exports usually arrive: gzip decompression is single-threaded and would hide the parsers' speed.
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'sample-data', 'generate.ts'),
      '--accounts',
      String(size.accounts),
      '--months',
      '24',
      '--events',
      String(size.events),
      '--out',
      dataDir,
      '--plain',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
const eventsFile = findExportFile(dataDir, 'usage_events')!;
results.data_dir = dataDir;

// ---- load -----------------------------------------------------------------
log('Loading …');
const usageSpec = EXPORT_TABLES.find((t) => t.name === 'usage_events')!;
let events = 0;
const bare = await timeRuns(R.load, async () => {
  const db = await openDatabase();
  await db.conn.run(`CREATE TABLE t AS SELECT * FROM read_csv(${sqlString(eventsFile)})`);
  db.close();
});
const ours = await timeRuns(R.load, async () => {
  const db = await openDatabase();
  events = await loadTable(db, usageSpec, eventsFile);
  db.close();
});
results.usage_rows = events;
show('load_events_ms', summarise(ours));
show('duckdb_bare_read_csv_ms', summarise(bare));

// What the app and the CLI do with a folder since issue 16: every file through the checked import
// (every row parsed, checked and accounted for), against the bare typed read of the same files.
log('Importing the whole folder as the app does …');
const folderBare = await timeRuns(R.load, async () => {
  const db = await openDatabase();
  await loadExportTables(db, dataDir);
  db.close();
});
const folderImport = await timeRuns(R.load, async () => {
  const db = await openDatabase();
  const folder = await standardFolder(db, dataDir);
  await importFiles(
    db,
    folder.inputs,
    () => undefined,
    () => false,
  );
  db.close();
});
show('folder_import_ms', summarise(folderImport));
show('folder_bare_typed_read_ms', summarise(folderBare));

// ---- snapshots ------------------------------------------------------------
log('Building snapshots …');
const db = await openDatabase();
await loadExportTables(db, dataDir);
let frame = await buildSnapshots(db);
const build = await timeRuns(R.build, async () => {
  frame = await buildSnapshots(db);
});
results.snapshots = frame.n;
show('snapshot_build_ms', summarise(build));
db.close();
// Closing a database that held gigabytes keeps DuckDB's threads and the OS
// busy returning memory for a second or so; timed at once, the first 60
// weight moves took 7 ms against 5 ms after a pause. The app's slider loop
// runs in the renderer's worker, never right after a build, so let it settle.
await new Promise((settle) => setTimeout(settle, 2000));

// ---- recompute ------------------------------------------------------------
log('Recomputing …');
const pipeline = new BacktestPipeline(frame);
const asOf = frame.meta.periods[frame.meta.periods.length - 1]!;
let config = DEFAULT_CONFIG;
pipeline.run({ config, backtest: DEFAULT_BACKTEST, asOf });
const moveWeight = (i: number) => {
  const w = rebalanceWeights(
    config.categories.map((c) => ({ weight: c.weight, locked: false })),
    0,
    30 + (i % 2 === 0 ? 1 : -1),
  );
  config = { ...config, categories: config.categories.map((c, k) => ({ ...c, weight: w[k]! })) };
};
show(
  'weight_change_ms',
  summarise(
    await timeRuns(R.slider, (i) => {
      moveWeight(i);
      pipeline.runTierStatistics({ config, backtest: DEFAULT_BACKTEST, asOf });
    }),
  ),
);
show(
  'cut_change_ms',
  summarise(
    await timeRuns(R.slider, (i) => {
      pipeline.run({
        config: { ...config, tiers: setCutPoint(config.tiers, 1, 40 + (i % 5)) },
        backtest: DEFAULT_BACKTEST,
        asOf,
      });
    }),
  ),
);
const { evaluated } = pipeline.runTierStatistics({ config, backtest: DEFAULT_BACKTEST, asOf });
const evaluatedScores = evaluated.scores();
show(
  'metric_set_ms',
  summarise(
    await timeRuns(R.slider, () => {
      const order = rankByScore(evaluatedScores);
      thresholdFree(evaluatedScores, evaluated.labels, order);
      decileMetrics(evaluatedScores, evaluated.labels, order);
    }),
  ),
);
show(
  'full_recompute_ms',
  summarise(
    await timeRuns(R.slider, (i) => {
      moveWeight(i);
      pipeline.run({ config, backtest: DEFAULT_BACKTEST, asOf });
    }),
  ),
);
results.evaluated_snapshots = evaluated.rows.length;

// ---- pandas baseline --------------------------------------------------------
log('Running the pandas/scikit-learn baseline …');
const snapCsv = join(dataDir, 'bench-snapshots.csv');
{
  const cats = computeCategoryScores(frame, DEFAULT_CONFIG.categories);
  const lines = [`${cats.map((_, c) => `cat_${c}`).join(',')},segment,label`];
  for (let k = 0; k < evaluated.rows.length; k++) {
    const i = evaluated.rows[k]!;
    lines.push(
      `${cats.map((col) => (Number.isNaN(col[i]!) ? 50 : col[i]!)).join(',')},${frame.segment[i]},${evaluated.labels[k]}`,
    );
  }
  writeFileSync(snapCsv, lines.join('\n'));
}
const py = JSON.parse(
  execFileSync(
    '/usr/bin/python3',
    [join(root, 'bench', 'baseline_pandas.py'), eventsFile, snapCsv, String(quick ? 15 : 10)],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  ),
) as Record<string, number[]>;
show('pandas_load_events_ms', summarise(py.load_events_ms!));
show('pandas_recompute_ms', summarise(py.recompute_ms!));
show('pandas_metric_set_ms', summarise(py.metric_set_ms!));

// ---- the UI in Chromium -----------------------------------------------------
async function startHost(dir: string): Promise<{ url: string; pid: number; stop: () => void; started: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'web', 'server.ts'), '--port', '0', '--data', dir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((ok, fail) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(buf);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`web host exited (${code})`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM'), started };
}

const peakRss = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};
const rendererPeak = () => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) total += peakRss(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
const settled = '[data-testid="calibration"][data-computing="false"]';
try {
  // Start to interactive on the bundled sample data.
  const startup: number[] = [];
  for (let r = 0; r < (quick ? 2 : 3); r++) {
    const host = await startHost(join(root, 'sample-data'));
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.waitForSelector(settled, { timeout: 120_000 });
    startup.push(performance.now() - host.started);
    await page.close();
    host.stop();
  }
  show('start_to_interactive_sample_ms', summarise(startup));

  log('Measuring slider latency in Chromium …');
  const host = await startHost(dataDir);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(host.url);
  await page.waitForSelector(settled, { timeout: 300_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __updates: number[] };
    w.__keys = [];
    w.__updates = [];
    document.addEventListener('keydown', () => w.__keys.push(performance.now()), true);
    const el = document.querySelector('[data-testid="calibration"]')!;
    new MutationObserver(() => {
      if (el.getAttribute('data-computing') === 'false') w.__updates.push(performance.now());
    }).observe(el, { attributes: true, attributeFilter: ['data-computing', 'data-seq'] });
  });
  await page.getByRole('slider', { name: 'Usage weight' }).focus();
  // Five presses first, unmeasured: the first ones after start-up pay for JIT compilation of the hot path.
  const WARM_UP = 5;
  const latencies: number[] = [];
  for (let i = -WARM_UP; i < R.ui; i++) {
    const before = await page.evaluate(() => (window as unknown as { __updates: number[] }).__updates.length);
    await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForFunction((n) => (window as unknown as { __updates: number[] }).__updates.length > n, before, {
      timeout: 30_000,
    });
    const latency = await page.evaluate(() => {
      const w = window as unknown as { __keys: number[]; __updates: number[] };
      return w.__updates[w.__updates.length - 1]! - w.__keys[w.__keys.length - 1]!;
    });
    if (i >= 0) latencies.push(latency);
  }
  show('slider_to_chart_ms', summarise(latencies));
  results.engine_peak_rss_bytes = peakRss(host.pid);
  results.renderer_peak_rss_bytes = rendererPeak();
  results.bench_process_peak_rss_bytes = process.resourceUsage().maxRSS * 1024;
  console.log(
    `engine_peak_rss_bytes              ${(Number(results.engine_peak_rss_bytes) / 2 ** 20).toFixed(0)} MiB (web host process)`,
  );
  console.log(
    `renderer_peak_rss_bytes            ${(Number(results.renderer_peak_rss_bytes) / 2 ** 20).toFixed(0)} MiB (Chromium renderer processes)`,
  );
  await page.close();
  host.stop();
} finally {
  await browser.close();
}

// ---- ratios -----------------------------------------------------------------
const med = (k: string) => (results[k] as Summary).median;
console.log('');
ratio('load_vs_bare_read_csv', med('load_events_ms') / med('duckdb_bare_read_csv_ms'), 'target ≤ 1.3');
ratio(
  'folder_import_vs_bare_typed_read',
  med('folder_import_ms') / med('folder_bare_typed_read_ms'),
  'target ≤ 2 (every row checked, its issues logged)',
);
ratio('pandas_load_vs_ours', med('pandas_load_events_ms') / med('load_events_ms'), 'target ≥ 3');
ratio('pandas_recompute_vs_ours', med('pandas_recompute_ms') / med('weight_change_ms'), 'target ≥ 5');
ratio('pandas_metric_set_vs_ours', med('pandas_metric_set_ms') / med('metric_set_ms'), '');
console.log(
  `\n${results.snapshots} snapshots (${results.evaluated_snapshots} evaluated), ${results.usage_rows} usage rows`,
);

const jsonOut = opt('json');
if (jsonOut) {
  writeFileSync(
    resolve(jsonOut),
    JSON.stringify({ version: 1, quick, date: new Date().toISOString(), ...results }, null, 2),
  );
  log(`wrote ${jsonOut}`);
}
