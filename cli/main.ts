/**
 * health-workbench: the engine without the UI.
 *
 *   health-workbench validate CONFIG.json
 *   health-workbench map FILES...
 *   health-workbench backtest --data DIR|FILES... [--mapping M] [--config C] [--horizon 90] [--cadence monthly|weekly]
 *                              [--outcome churn|renewal] [--window 12] [--json] [--snapshots-out FILE.csv]
 *   health-workbench score --data DIR|FILES... [--mapping M] [--config C] [--as-of YYYY-MM-DD] --out FILE.csv|FILE.parquet
 *
 * Exit codes: 0 success, 1 the input was rejected (every problem listed), 2 usage error.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { EXPORT_FILE_PATTERN, MAPPING_FORMAT, MappingFileSchema, type MappingFile } from '../engine/core/api/importSchema.js';
import { sniffFile } from '../engine/node/import/sniff.js';
import { suggestFileMapping } from '../engine/core/import/suggestMapping.js';
import { matchMappingFile } from '../engine/core/import/mappingFile.js';
import { entitySpec } from '../engine/core/import/entities.js';
import { issueSummary, issuesCsv } from '../engine/node/import/issues.js';
import type { ImportInput } from '../engine/node/import/importFiles.js';
import { EXPORT_TABLES, findExportFile } from '../engine/node/data/exportTables.js';
import { portableScoreSql } from '../engine/core/export/portableSql.js';
import { playbookText } from '../engine/core/model/playbook.js';
import { HORIZONS, type ApprovedConfig, type BacktestSettings, type EvaluationResult, type ModelConfig } from '../engine/core/api/schema.js';
import { BacktestPipeline, atRiskBins } from '../engine/core/backtest/pipeline.js';
import { checkConfigFile } from '../engine/core/config/configFile.js';
import { compareMetrics, headlineMetrics } from '../engine/core/config/approve.js';
import { loadImportedData, loadWorkbenchData, type LoadedData } from '../engine/node/data/loadWorkbench.js';
import { openDatabase, sqlString } from '../engine/node/data/duckdb.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { explainScore } from '../engine/core/scoring/explain.js';
import { configurationOf, scoreFrame } from '../engine/core/scoring/score.js';
import { scoreBin, tierIndex } from '../engine/core/scoring/tiers.js';
import { outcomeAt } from '../engine/core/snapshots/frame.js';
import { one, parseArgs, UsageError, type Parsed } from './args.js';
import { csvLine } from '../engine/core/export/csv.js';

class Rejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const HELP: Record<string, string> = {
  main: `health-workbench — calibrate and run customer health scores without the UI

Commands:
  validate CONFIG.json   check a configuration file; every problem with its JSON path
  map FILES...           the proposed mapping of export files (entity, columns, date formats) as JSON
  backtest --data ...    every backtest metric for a configuration on a set of exports
  sql --config C         the configuration as one SQL query that scores accounts in a warehouse
  score --data ...       scored accounts at a date, with tier, category scores and explanation

Run "health-workbench COMMAND --help" for a command's options.
Exit codes: 0 success, 1 input rejected (every problem listed), 2 usage error.`,
  validate: `health-workbench validate CONFIG.json

Checks the file against configuration schema version 1 and prints every problem
as "path: message" (e.g. "categories[2].weight: …"). Unknown fields and newer
versions are reported. Exit 0 when valid, 1 when not.`,
  map: `health-workbench map FILES...

Sniffs each file (CSV/TSV in any delimiter and UTF-8 or Latin-1, .gz, Parquet,
JSON, NDJSON, XLSX; a folder stands for the export files in it) and prints the
proposed mapping as JSON: per file its entity, the column for each role, the
date format of each date column and how to read it. Review it, edit it, and
pass it back with --mapping so next month's exports load the same way.`,
  sql: `health-workbench sql --config FILE [--as-of DATE] [--usage-interval-days N | --data DIR|FILES... [--mapping M]]

Prints one SQL query that scores every account active at DATE (a month-end)
exactly as the workbench does, over tables named and shaped like the
workbench's exports (accounts, usage_events, tickets, invoices, nps, churn).
It runs unchanged on DuckDB and PostgreSQL; docs/warehouse-sql.md shows the
few edits Snowflake, BigQuery and Databricks need.

  --config FILE           configuration or approved configuration (default: the built-in model)
  --as-of DATE            month-end to score at (default with --data: the latest; otherwise required)
  --usage-interval-days N days each usage row covers: 1 for daily rows (default), 7 for weekly
  --data ...              read the exports to take the date and the usage interval from them`,
  backtest: `health-workbench backtest --data DIR|FILES... [options]

  --data DIR|FILES...     a folder of exports in the standard columns (accounts, usage_events, churn,
                          tickets, invoices, nps, renewals as .csv/.csv.gz), or any export files
                          (and folders of them) read through a mapping
  --mapping FILE          the mapping for those files (from "map" or the app's "Save this mapping");
                          without it the proposed mapping is used and printed to stderr
  --issues-out FILE.csv   every rejected row and changed value (file, line, column, value, reason)
  --config FILE           configuration or approved configuration (default: the built-in five-category model);
                          an approved file is re-run with its own backtest design and its metrics are
                          checked to reproduce exactly when the data is the same (exit 1 if not)
  --horizon DAYS          churn within this many days (${HORIZONS.join(', ')}; default 90)
  --cadence C             monthly (default) or weekly snapshots
  --outcome O             churn (default) or renewal (missed renewals)
  --window MONTHS         evaluate the last N observed months (default 12)
  --json                  print every metric as JSON instead of a summary
  --snapshots-out FILE    write every evaluated snapshot (account, date, segment, score, tier,
                          at-risk flag, churned-within-horizon flag) as CSV`,
  score: `health-workbench score --data DIR|FILES... --out FILE.csv|FILE.parquet [options]

  --data DIR|FILES...     exports (as for backtest)
  --mapping FILE          their mapping (as for backtest)
  --issues-out FILE.csv   every rejected row and changed value
  --config FILE           configuration (default: the built-in five-category model)
  --as-of DATE            snapshot date (default: the latest month-end)
  --out FILE              .csv or .parquet: account, name, segment, date, score, tier,
                          playbook action, each category's score and contribution, explanation`,
};

/** A configuration file, or an approved-configuration file (whose hash is checked). */
async function readConfigFile(file: string): Promise<{ config: ModelConfig; approved: ApprovedConfig | null }> {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new Rejected([`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`]);
  }
  const check = await checkConfigFile(text);
  if (!check.ok) throw new Rejected(check.problems.map((q) => `${file}: ${q.path}: ${q.message}`));
  return { config: check.config, approved: check.approved };
}

async function readConfig(p: Parsed): Promise<ModelConfig> {
  const file = one(p, 'config');
  return file ? (await readConfigFile(file)).config : DEFAULT_CONFIG;
}


/** Files named on the command line, folders expanded to the export files inside them. */
function expandFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const path = resolve(a);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) throw new Rejected([`${a}: no such file or folder`]);
    if (st.isDirectory()) out.push(...readdirSync(path).filter((f) => EXPORT_FILE_PATTERN.test(f) && !f.startsWith('.')).sort().map((f) => join(path, f)));
    else out.push(path);
  }
  if (out.length === 0) throw new Rejected([`no export files in ${args.join(', ')}: expected the standard accounts.csv, usage_events.csv[.gz] and churn.csv, or any CSV/TSV/Parquet/JSON/XLSX exports read through a mapping`]);
  return out;
}

/** The proposed mapping of files, with how each is read. */
async function proposeMapping(files: readonly string[]): Promise<{ mapping: MappingFile; columns: string[][] }> {
  const db = await openDatabase();
  try {
    const entries = [];
    const columns: string[][] = [];
    for (const f of files) {
      let sniffed;
      try {
        sniffed = await sniffFile(db, f);
      } catch (err) {
        throw new Rejected([`${f}: cannot be read (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`]);
      }
      const headers = sniffed.columns.map((c) => c.name);
      columns.push(headers);
      entries.push({ name: basename(f), headers, read: sniffed.read, mapping: suggestFileMapping(basename(f), sniffed.columns) });
    }
    return { mapping: { format: MAPPING_FORMAT, version: 1, files: entries }, columns };
  } finally {
    db.close();
  }
}

function readMappingFile(file: string): MappingFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new Rejected([`${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`]);
  }
  const parsed = MappingFileSchema.safeParse(json);
  if (!parsed.success) throw new Rejected(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}

/** A single folder holding the standard exports loads directly; anything else goes through a mapping. */
function isStandardFolder(args: readonly string[]): boolean {
  if (args.length !== 1) return false;
  const dir = resolve(args[0]!);
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true && EXPORT_TABLES.filter((t) => t.required).every((t) => findExportFile(dir, t.name) !== null);
}

async function loadData(p: Parsed): Promise<LoadedData> {
  const args = p.flags.get('data') ?? [];
  if (args.length === 0) throw new UsageError('--data DIR|FILES... is required');
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const mappingPath = one(p, 'mapping');
  if (!mappingPath && isStandardFolder(args)) {
    try {
      return await loadWorkbenchData(resolve(args[0]!), (step, done, total) => process.stderr.write(`[${done}/${total}] ${step}… (${elapsed()})\n`));
    } catch (err) {
      throw new Rejected([`${args[0]}: ${err instanceof Error ? err.message : String(err)}`]);
    }
  }
  const files = expandFiles(args);
  const proposed = await proposeMapping(files);
  let entries = proposed.mapping.files;
  if (mappingPath) {
    const saved = readMappingFile(mappingPath);
    const { matches, unmatchedFiles } = matchMappingFile(saved, files.map((f, i) => ({ id: String(i), name: basename(f), columns: proposed.columns[i]! })));
    if (unmatchedFiles.length > 0) throw new Rejected(unmatchedFiles.map((f) => `${f}: no entry of ${mappingPath} fits this file (neither its headers nor its name)`));
    entries = files.map((f, i) => {
      const m = matches.find((x) => x.fileId === String(i))!;
      return { ...proposed.mapping.files[i]!, read: m.read, mapping: m.mapping };
    });
  } else {
    process.stderr.write(`No --mapping given; using the proposed mapping:\n${JSON.stringify(proposed.mapping, null, 2)}\n`);
  }
  const problems = entries.flatMap((e) => entitySpec(e.mapping.entity).fields.filter((f) => f.required && !e.mapping.columns[f.role]).map((f) => `${e.name}: no column mapped to ${f.label} (needed for ${entitySpec(e.mapping.entity).label}); edit the mapping and pass it with --mapping`));
  if (problems.length > 0) throw new Rejected(problems);
  const inputs: ImportInput[] = files.map((f, i) => ({ path: f, label: basename(f), read: entries[i]!.read, columns: proposed.columns[i]!, mapping: entries[i]!.mapping }));
  let data: LoadedData;
  let last = -1;
  try {
    data = await loadImportedData(inputs, files.length === 1 ? basename(files[0]!) : `${files.length} files`, (step, fraction) => {
      const pct = Math.floor(fraction * 100);
      if (pct !== last) process.stderr.write(`[${pct} %] ${step}… (${elapsed()})\n`);
      last = pct;
    }, () => false);
  } catch (err) {
    throw new Rejected([err instanceof Error ? err.message.split('\n')[0]! : String(err)]);
  }
  const log = await issueSummary(data.db, 1, 0);
  for (const f of data.imported) process.stderr.write(`${f.label}: ${f.rowsRead} rows read, ${f.rowsLoaded} loaded, ${f.rowsRejected} rejected, ${f.valuesChanged} values changed\n`);
  for (const g of log.groups.slice(0, 20)) process.stderr.write(`  ${g.file} line ${g.firstLine}${g.count > 1 ? ` (+${g.count - 1} more)` : ''}: ${g.column}: ${g.reason} → ${g.action}\n`);
  const issuesOut = one(p, 'issues-out');
  if (issuesOut) {
    writeFileSync(resolve(issuesOut), await issuesCsv(data.db));
    process.stderr.write(`Wrote ${log.total} issues to ${issuesOut}\n`);
  } else if (log.total > 0) process.stderr.write(`${log.total} issues in all; --issues-out FILE.csv lists every one.\n`);
  return data;
}

async function sql(p: Parsed): Promise<void> {
  const config = await readConfig(p);
  let asOf = one(p, 'as-of');
  let interval = Number(one(p, 'usage-interval-days') ?? 1);
  if (p.flags.has('data')) {
    const data = await loadData(p);
    try {
      asOf ??= data.frame.meta.periods.at(-1)!;
      if (!p.flags.has('usage-interval-days')) interval = data.frame.meta.usageIntervalDays;
    } finally {
      data.close();
    }
  }
  if (!asOf) throw new UsageError('--as-of DATE is required without --data');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD, got ${asOf}`);
  if (!Number.isInteger(interval) || interval < 1 || interval > 31) throw new UsageError(`--usage-interval-days must be a whole number of days from 1 to 31, got ${one(p, 'usage-interval-days')}`);
  process.stdout.write(portableScoreSql(config, { asOf, usageIntervalDays: interval }));
}

async function map(p: Parsed): Promise<void> {
  if (p.positional.length === 0) throw new UsageError('map needs one or more export files or folders');
  const { mapping } = await proposeMapping(expandFiles(p.positional));
  process.stdout.write(`${JSON.stringify(mapping, null, 2)}\n`);
}

function settingsFrom(p: Parsed, config: ModelConfig): BacktestSettings {
  const horizon = Number(one(p, 'horizon') ?? 90);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 730) throw new UsageError(`--horizon must be a whole number of days from 1 to 730, got ${one(p, 'horizon')}`);
  const cadence = one(p, 'cadence') ?? 'monthly';
  if (cadence !== 'monthly' && cadence !== 'weekly') throw new UsageError(`--cadence must be monthly or weekly, got ${cadence}`);
  const outcome = one(p, 'outcome') ?? 'churn';
  if (outcome !== 'churn' && outcome !== 'renewal') throw new UsageError(`--outcome must be churn or renewal, got ${outcome}`);
  const windowMonths = Number(one(p, 'window') ?? 12);
  if (!Number.isInteger(windowMonths) || windowMonths < 1) throw new UsageError(`--window must be a whole number of months, got ${one(p, 'window')}`);
  const worst = config.tiers.tiers[config.tiers.tiers.length - 1]!.id;
  return { ...DEFAULT_BACKTEST, horizonDays: horizon, cadence, outcome, windowMonths, atRiskTiers: [worst] };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

function summary(r: EvaluationResult, config: ModelConfig): string {
  const b = r.backtest;
  const names = new Map(config.tiers.tiers.map((t) => [t.id, t.name]));
  const lines = [
    `Backtest: ${b.periods[0] ?? '—'} … ${b.periods.at(-1) ?? '—'} (${b.cadence}), outcome ${b.outcome === 'renewal' ? 'missed renewal' : 'churn'} within ${b.horizonDays} days`,
    `Evaluated ${b.evaluated} snapshots; censored ${b.censored} (horizon not yet observed); ${b.outsideWindow} outside the window`,
    `Precision ${pct(b.overall.precision)}  recall ${pct(b.overall.recall)}  F1 ${pct(b.overall.f1)}  base rate ${pct(b.overall.baseRate)}  lift ${b.overall.lift?.toFixed(2) ?? '—'}`,
    `ROC AUC ${b.auc?.toFixed(3) ?? '—'}  average precision ${b.averagePrecision?.toFixed(3) ?? '—'}  top-decile lift ${b.topDecileLift?.toFixed(2) ?? '—'}`,
    r.intervals ? `95 % CI: precision ${r.intervals.precision?.map(pct).join('–') ?? '—'}, recall ${r.intervals.recall?.map(pct).join('–') ?? '—'}, AUC ${r.intervals.auc?.map((x) => x.toFixed(3)).join('–') ?? '—'}` : '',
    `Churn rate by tier: ${b.tiers.map((t) => `${names.get(t.tierId)} ${pct(t.churnRate)} (n=${t.count})`).join(', ')}${b.monotonic ? '' : '  ← NOT MONOTONIC'}`,
    ...(r.configurations.length > 1 ? r.configurations.map((c) => `  configuration ${c.name.padEnd(20)} precision ${pct(c.metrics.precision)}  recall ${pct(c.metrics.recall)}  n=${c.metrics.n}  accounts now ${c.accounts}`) : []),
    ...b.breakdowns.find((d) => d.dimension === 'segment')!.groups.map((g) => `  ${g.group.padEnd(12)} precision ${pct(g.metrics.precision)}  recall ${pct(g.metrics.recall)}  n=${g.metrics.n}${g.tooFewToJudge ? '  (too few to judge)' : ''}`),
    ...b.warnings.map((w) => `warning: ${w.message}`),
  ];
  return lines.filter(Boolean).join('\n');
}

async function backtest(p: Parsed): Promise<void> {
  const file = one(p, 'config');
  const { config, approved } = file ? await readConfigFile(file) : { config: DEFAULT_CONFIG, approved: null };
  // An approved file carries its backtest design: re-running it must use the same one.
  const settings = approved ? approved.backtest : settingsFrom(p, config);
  if (approved && ['horizon', 'cadence', 'outcome', 'window'].some((f) => p.flags.has(f))) {
    throw new UsageError('an approved configuration carries its backtest design; drop --horizon/--cadence/--outcome/--window');
  }
  const data = await loadData(p);
  try {
    const frame = await data.frameAt(settings.cadence);
    const pipeline = new BacktestPipeline(frame);
    const params = { config, backtest: settings, asOf: frame.meta.periods.at(-1)! };
    process.stderr.write('Computing metrics and bootstrap intervals…\n');
    const result: EvaluationResult = { ...pipeline.run(params), intervals: pipeline.intervals(params, 200) };
    process.stdout.write(p.flags.has('json') ? `${JSON.stringify(result, null, 2)}\n` : `${summary(result, config)}\n`);
    if (approved) {
      if (approved.data.sha256 !== data.fingerprint.sha256) {
        process.stderr.write(`Note: these exports differ from the data ${approved.approval.approver} approved on (${approved.approval.approvedAt}); the approved metrics are not expected to match.\n`);
      } else {
        const diffs = compareMetrics(approved.metrics, headlineMetrics(result));
        if (diffs.length) throw new Rejected(['Approved metrics NOT reproduced on the same data:', ...diffs]);
        process.stderr.write(`Reproduced the metrics approved by ${approved.approval.approver} (${approved.approval.approvedAt}) exactly.\n`);
      }
    }
    const out = one(p, 'snapshots-out');
    if (out) {
      const fs = scoreFrame(frame, config);
      const atRisk = fs.configurations.map((c) => atRiskBins(c.tiers, settings));
      const { evaluated } = pipeline.runTierStatistics(params);
      let text = csvLine(['account_id', 'as_of', 'segment', 'score', 'tier', 'at_risk', 'churned_within_horizon', 'configuration']);
      for (let k = 0; k < evaluated.rows.length; k++) {
        const i = evaluated.rows[k]!;
        const s = fs.scores[i]!;
        const c = configurationOf(fs, i);
        const tiers = fs.configurations[c]!.tiers;
        text += csvLine([frame.meta.accountIds[frame.account[i]!]!, frame.meta.periods[frame.period[i]!]!, frame.meta.segments[frame.segment[i]!]!, s, tiers.tiers[tierIndex(s, tiers)]!.id, atRisk[c]![scoreBin(s)] === 1, outcomeAt(frame, i, settings.horizonDays, settings.outcome) === 1, fs.configurations[c]!.id]);
      }
      writeFileSync(resolve(out), text);
      process.stderr.write(`Wrote ${evaluated.rows.length} snapshots to ${out}\n`);
    }
  } finally {
    data.close();
  }
}

async function score(p: Parsed): Promise<void> {
  const config = await readConfig(p);
  const out = one(p, 'out');
  if (!out) throw new UsageError('--out FILE.csv|FILE.parquet is required');
  const ext = extname(out).toLowerCase();
  if (ext !== '.csv' && ext !== '.parquet') throw new UsageError(`--out must end in .csv or .parquet, got ${out}`);
  const data = await loadData(p);
  try {
    const frame = data.frame;
    const asOf = one(p, 'as-of') ?? frame.meta.periods.at(-1)!;
    const m = frame.meta.periods.indexOf(asOf);
    if (m < 0) throw new Rejected([`--as-of ${asOf} is not a month-end with snapshots; choose one of ${frame.meta.periods[0]} … ${frame.meta.periods.at(-1)}`]);
    const fs = scoreFrame(frame, config);
    // One column pair per category id across every configuration; blank where the account's configuration lacks it.
    const categoryIds = [...new Set([...fs.configurations].reverse().flatMap((c) => c.categories.map((k) => k.id)))];
    const header = ['account_id', 'name', 'segment', 'as_of', 'score', 'tier', 'action', ...categoryIds.flatMap((id) => [`${id}_score`, `${id}_contribution`]), 'weakest_category', 'explanation', 'configuration'];
    let text = csvLine(header);
    let rows = 0;
    for (let i = 0; i < frame.n; i++) {
      if (frame.period[i] !== m) continue;
      const s = fs.scores[i]!;
      const c = configurationOf(fs, i);
      const own = fs.configurations[c]!;
      const tier = Number.isNaN(s) ? null : own.tiers.tiers[tierIndex(s, own.tiers)]!;
      const ex = explainScore(own, fs.categoryScores[c]!.map((col) => col[i]!));
      const byId = new Map(ex.contributions.map((x) => [x.id, x]));
      const a = frame.account[i]!;
      const round2 = (x: number) => Math.round(x * 100) / 100;
      text += csvLine([frame.meta.accountIds[a]!, frame.meta.accountNames[a]!, frame.meta.segments[frame.segment[i]!]!, asOf, Number.isNaN(s) ? null : round2(s), tier?.name ?? 'insufficient data', tier ? playbookText(tier) : '',
        ...categoryIds.flatMap((id) => {
          const x = byId.get(id);
          return x ? [x.score === null ? null : round2(x.score), round2(x.contribution)] : [null, null];
        }), ex.weakest, ex.text, own.id]);
      rows++;
    }
    if (ext === '.csv') writeFileSync(resolve(out), text);
    else {
      const tmp = mkdtempSync(join(tmpdir(), 'hsw-score-'));
      try {
        writeFileSync(join(tmp, 'scored.csv'), text);
        const db = await openDatabase();
        await db.conn.run(`COPY (SELECT * FROM read_csv(${sqlString(join(tmp, 'scored.csv'))}, header = true)) TO ${sqlString(resolve(out))} (FORMAT parquet)`);
        db.close();
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    process.stderr.write(`Scored ${rows} accounts as of ${asOf}; wrote ${out}\n`);
  } finally {
    data.close();
  }
}

async function validate(p: Parsed): Promise<void> {
  const file = p.positional[0];
  if (!file) throw new UsageError('validate needs a configuration file');
  const { approved } = await readConfigFile(file);
  process.stdout.write(approved
    ? `${file}: valid approved configuration (approved by ${approved.approval.approver} at ${approved.approval.approvedAt}; configuration hash matches)\n`
    : `${file}: valid (schema version 1)\n`);
}

const COMMANDS: Record<string, { options: Record<string, 'value' | 'values' | 'switch'>; run: (p: Parsed) => Promise<void> | void }> = {
  validate: { options: { help: 'switch' }, run: validate },
  map: { options: { help: 'switch' }, run: map },
  sql: { options: { help: 'switch', config: 'value', 'as-of': 'value', 'usage-interval-days': 'value', data: 'values', mapping: 'value', 'issues-out': 'value' }, run: sql },
  backtest: { options: { help: 'switch', data: 'values', mapping: 'value', 'issues-out': 'value', config: 'value', horizon: 'value', cadence: 'value', outcome: 'value', window: 'value', json: 'switch', 'snapshots-out': 'value' }, run: backtest },
  score: { options: { help: 'switch', data: 'values', mapping: 'value', 'issues-out': 'value', config: 'value', 'as-of': 'value', out: 'value' }, run: score },
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  try {
    if (!cmd) throw new UsageError(`unknown command "${name}"`);
    const parsed = parseArgs(rest, cmd.options);
    if (parsed.flags.has('help')) {
      process.stdout.write(`${HELP[name]}\n`);
      return 0;
    }
    await cmd.run(parsed);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${HELP[cmd ? name : 'main']}\n`);
      return 2;
    }
    if (err instanceof Rejected) {
      process.stderr.write(`${err.problems.join('\n')}\n`);
      return 1;
    }
    throw err;
  }
}
