/**
 * health-workbench: the engine without the UI. Commands and their options are
 * in commands.ts ("health-workbench --help" lists them).
 *
 * Exit codes: 0 success, 1 the input was rejected (every problem listed), 2 usage error.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { version } from '../package.json';
import type { BacktestSettings, EvaluationResult, ModelConfig } from '../engine/core/api/schema.js';
import { BacktestSettingsSchema } from '../engine/core/api/schema/backtest.js';
import { DEFAULT_REPLICATES } from '../engine/core/backtest/bootstrap.js';
import { BacktestPipeline } from '../engine/core/backtest/pipeline.js';
import { CURRENT_SCORE_NAME, currentScoreScenario, missingScoreNote } from '../engine/core/compare/currentScore.js';
import { compareMetrics, headlineMetrics } from '../engine/core/config/approve.js';
import { configJsonSchemaText } from '../engine/core/config/jsonSchema.js';
import { csvLine } from '../engine/core/export/csv.js';
import { portableScoreSql } from '../engine/core/export/portableSql.js';
import { EXTRA_ENTITIES, proposeExtraColumns } from '../engine/core/import/extraColumns.js';
import { sniffFile } from '../engine/node/import/sniff.js';
import { customColumnProblems, extraColumnsRead, type ExtraColumnKinds } from '../engine/core/signals/customColumns.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { verdictOf } from '../engine/core/verdict/verdict.js';
import { ConfigFileError, readConfigFile } from '../engine/node/configFile.js';
import { openDatabase, sqlString } from '../engine/node/data/duckdb.js';
import { expandImportPaths, ImportPlanError, planImport, proposeImport } from '../engine/node/import/plan.js';
import { parseCommandLine, UsageError, type OptionValues } from '../engine/node/commandLine.js';
import { COMMANDS, commandHelp, GLOBAL_OPTIONS, isCommand, mainHelp, type CommandName } from './commands.js';
import { loadData, Rejected } from './loadData.js';
import type { LoadedData } from '../engine/node/data/loadWorkbench.js';
import { withOracleColumns } from './oracleColumns.js';
import { readOptionsFrom, withExportDate } from './readOptions.js';
import { missingOutcome } from './outcome.js';
import { backtestSummary } from './summary.js';
import { scorecardSummary } from './scorecardSummary.js';
import { fitScorecard, type ScorecardFit } from '../engine/core/calibration/scorecard.js';
import { evaluatedSnapshots, scoredAccounts, type Table } from './tables.js';

type Args<C extends CommandName> = { values: OptionValues<(typeof COMMANDS)[C]['options']>; positionals: string[] };

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const csvText = (t: Table) => csvLine(t.header) + t.rows.map(csvLine).join('');

const configOrDefault = async (file: string | undefined) =>
  file ? readConfigFile(file) : { config: DEFAULT_CONFIG, approved: null };

function init({ values: o }: Args<'init'>): void {
  const text = `${JSON.stringify(DEFAULT_CONFIG, null, 2)}\n`;
  if (!o.out) return void out(text);
  try {
    writeFileSync(resolve(o.out), text, { flag: o.force ? 'w' : 'wx' });
  } catch (err) {
    const exists = (err as NodeJS.ErrnoException).code === 'EEXIST';
    const why = err instanceof Error ? err.message : String(err);
    throw new Rejected([exists ? `${o.out} exists; pass --force to overwrite it` : `${o.out}: cannot write (${why})`]);
  }
  process.stderr.write(`Wrote the default configuration to ${o.out}\n`);
}

async function validate({ positionals }: Args<'validate'>): Promise<void> {
  const file = positionals[0];
  if (!file) throw new UsageError('validate needs a configuration file');
  const { approved } = await readConfigFile(file);
  out(
    approved
      ? `${file}: valid approved configuration (approved by ${approved.approval.approver} at ${approved.approval.approvedAt}; configuration hash matches)`
      : `${file}: valid (schema version 1)`,
  );
}

async function map({ positionals, values: o }: Args<'map'>): Promise<void> {
  if (positionals.length === 0) throw new UsageError('map needs one or more export files or folders');
  const given = readOptionsFrom(o);
  const paths = expandImportPaths(positionals);
  const db = await openDatabase();
  try {
    const proposed = await proposeImport(db, paths, given);
    const { files } = proposed;
    const choices = withExportDate(proposed.choices, o);
    out(JSON.stringify(planImport(files, choices).mapping, null, 2));
    // On stderr, so the JSON on stdout stays a mapping file: how each file finds its account, in words.
    for (const [i, f] of files.entries()) {
      const m = choices[i]!.mapping;
      const how = m.via
        ? `through ${m.via.file} (${m.via.column} = ${m.via.key}${m.via.matchRate !== undefined ? `, ${Math.round(m.via.matchRate * 100)} % of sampled values found` : ''})`
        : m.columns.account_id
          ? `account id in ${m.columns.account_id}`
          : 'no account column or relation found: map one before importing';
      process.stderr.write(`${f.name}: ${m.entity} (${m.confidence ?? 'chosen'} confidence); ${how}\n`);
      for (const n of m.notes ?? []) process.stderr.write(`  ${n}\n`);
      const unread = EXTRA_ENTITIES.includes(m.entity)
        ? proposeExtraColumns(m, (await sniffFile(db, f.path, choices[i]!.read)).columns)
        : [];
      // Proposed, not written into the mapping: which of them matter is the user's call.
      if (unread.length > 0)
        process.stderr.write(
          `  Columns no role reads: a custom signal can read one once the mapping keeps it (stored as x_<name>); add those you want to the file's mapping:\n    "extras": ${JSON.stringify(unread)}\n`,
        );
    }
  } finally {
    db.close();
  }
}

/** The configuration's custom signals, once each reads only columns the loaded data has (else their problems, one a line). */
function checkedSignals(data: LoadedData, config: ModelConfig): ModelConfig['customSignals'] {
  const problems = customColumnProblems(config.customSignals ?? [], data.extraColumns);
  if (problems.length > 0) throw new Rejected(problems);
  return config.customSignals;
}

async function sql({ values: o }: Args<'sql'>): Promise<void> {
  const { config } = await configOrDefault(o.config);
  let asOf = o['as-of'];
  let interval = Number(o['usage-interval-days'] ?? 1);
  let subscriptions = false;
  let extraColumns: ExtraColumnKinds | undefined;
  if (o.data) {
    const data = await loadData(o);
    try {
      extraColumns = data.extraColumns;
      checkedSignals(data, config);
      asOf ??= data.frame.meta.periods.at(-1)!;
      if (o['usage-interval-days'] === undefined) interval = data.frame.meta.usageIntervalDays;
      // Subscriptions are read when the export has them (without --data the query leaves them out and says so).
      subscriptions = data.frame.meta.sourceLastDates.subscriptions !== undefined;
    } finally {
      data.close();
    }
  }
  if (!asOf) throw new UsageError('--as-of DATE is required without --data');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD, got ${asOf}`);
  if (!Number.isInteger(interval) || interval < 1 || interval > 31) {
    throw new UsageError(
      `--usage-interval-days must be a whole number of days from 1 to 31, got ${o['usage-interval-days']}`,
    );
  }
  // Which extra columns exist, and of what kind, only the data says: without it a signal on one cannot be written.
  const onExtras = extraColumnsRead(config.customSignals ?? []);
  if (!extraColumns && onExtras.length > 0)
    throw new UsageError(
      `custom signals read extra columns kept at import (${onExtras.join(', ')}): give --data (and --mapping) so the query is checked against the loaded columns`,
    );
  process.stdout.write(
    portableScoreSql(config, { asOf, usageIntervalDays: interval, subscriptions, extraColumns: extraColumns ?? {} }),
  );
}

type DesignOptions = Pick<Args<'backtest'>['values'], 'horizon' | 'cadence' | 'outcome' | 'window' | 'grace-days'>;

function settingsFrom(o: DesignOptions, config: ModelConfig): BacktestSettings {
  const horizon = Number(o.horizon ?? 90);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 730) {
    throw new UsageError(`--horizon must be a whole number of days from 1 to 730, got ${o.horizon}`);
  }
  const cadence = o.cadence ?? 'monthly';
  if (cadence !== 'monthly' && cadence !== 'weekly')
    throw new UsageError(`--cadence must be monthly or weekly, got ${cadence}`);
  const outcome = o.outcome ?? 'churn';
  if (outcome !== 'churn' && outcome !== 'renewal')
    throw new UsageError(`--outcome must be churn or renewal, got ${outcome}`);
  const windowMonths = Number(o.window ?? 12);
  if (!Number.isInteger(windowMonths) || windowMonths < 1) {
    throw new UsageError(`--window must be a whole number of months, got ${o.window}`);
  }
  const worst = config.tiers.tiers[config.tiers.tiers.length - 1]!.id;
  const settings: BacktestSettings = {
    ...DEFAULT_BACKTEST,
    horizonDays: horizon,
    cadence,
    outcome,
    windowMonths,
    atRiskTiers: [worst],
    // A fitted configuration names its fitting months: the backtest warns when its window overlaps them, as the app does.
    fittedOn: config.fittedOn ?? null,
  };
  if (o['grace-days'] === undefined) return settings;
  const grace = BacktestSettingsSchema.shape.graceDays.safeParse(Number(o['grace-days']));
  if (!grace.success || o['grace-days'].trim() === '')
    throw new UsageError(`--grace-days must be a whole number of days from 0 to 365, got ${o['grace-days']}`);
  return { ...settings, graceDays: grace.data };
}

async function backtest({ values: o }: Args<'backtest'>): Promise<void> {
  const { config: configured, approved } = await configOrDefault(o.config);
  if (o['current-score'] && (approved || o['snapshots-out']))
    throw new UsageError(
      '--current-score backtests the imported score as it is: it takes neither an approved configuration nor --snapshots-out',
    );
  // An approved file carries its backtest design: re-running it must use the same one.
  if (approved && (o.horizon ?? o.cadence ?? o.outcome ?? o.window ?? o['grace-days'] ?? o.overrides) !== undefined) {
    throw new UsageError(
      'an approved configuration carries its backtest design; drop --horizon/--cadence/--outcome/--window/--grace-days/--overrides',
    );
  }
  const overrides = o.overrides ?? 'ignore';
  if (overrides !== 'ignore' && overrides !== 'apply')
    throw new UsageError(`--overrides must be ignore or apply, got ${overrides}`);
  let config = configured;
  let settings: BacktestSettings = approved
    ? approved.backtest
    : { ...settingsFrom(o, config), overrides: overrides === 'apply' ? 'apply' : 'ignore' };
  const data = await loadData(o);
  try {
    const missing = await missingOutcome(data.db, settings.outcome);
    if (missing) throw new Rejected([missing]);
    // Custom signals are computed from the loaded tables for this configuration, as the warehouse SQL computes them.
    const frame = await data.frameAt(settings.cadence, settings.graceDays, checkedSignals(data, config));
    if (o['current-score']) {
      // The same scenario Compare judges: the imported score, tiers from its statuses when they follow score ranges.
      const made = currentScoreScenario(frame, {
        name: CURRENT_SCORE_NAME,
        config,
        backtest: settings,
        score: 'imported',
        tiersFrom: 'status',
      });
      ({ config, backtest: settings } = made.scenario);
      for (const note of made.notes)
        process.stderr.write(`Note: ${note}.
`);
    }
    const pipeline = new BacktestPipeline(frame, { imported: o['current-score'] === true });
    const params = { config, backtest: settings, asOf: frame.meta.periods.at(-1)! };
    if (o['current-score']) {
      const missing = pipeline.unscored(params);
      const selected = missing + pipeline.runTierStatistics(params).evaluated.rows.length;
      if (missing > 0)
        process.stderr.write(
          `Note: ${missingScoreNote(CURRENT_SCORE_NAME, missing, selected, frame.meta.currentScore!.staleDays, 'the selected')}.\n`,
        );
    }
    process.stderr.write('Computing metrics and bootstrap intervals…\n');
    const result: EvaluationResult = {
      ...pipeline.run(params),
      intervals: pipeline.intervals(params, DEFAULT_REPLICATES),
    };
    const verdict = verdictOf({ result, config, backtest: settings });
    out(o.json ? JSON.stringify({ ...result, verdict }, null, 2) : backtestSummary(result, config, verdict));
    if (approved) {
      if (approved.data.sha256 !== data.fingerprint.sha256) {
        process.stderr.write(
          `Note: these exports differ from the data ${approved.approval.approver} approved on ` +
            `(${approved.approval.approvedAt}); the approved metrics are not expected to match.\n`,
        );
      } else {
        const diffs = compareMetrics(approved.metrics, headlineMetrics(result));
        if (diffs.length) throw new Rejected(['Approved metrics NOT reproduced on the same data:', ...diffs]);
        process.stderr.write(
          `Reproduced the metrics approved by ${approved.approval.approver} (${approved.approval.approvedAt}) exactly.\n`,
        );
      }
    }
    if (o['snapshots-out']) {
      const { evaluated } = pipeline.runTierStatistics(params);
      // --snapshots-all: the censored and out-of-window snapshots too (evaluated = false), so the selection can be checked.
      const rows = o['snapshots-all'] ? Uint32Array.from({ length: frame.n }, (_, i) => i) : evaluated.rows;
      const table = evaluatedSnapshots(frame, config, settings, rows);
      writeFileSync(
        resolve(o['snapshots-out']),
        csvText(withOracleColumns(table, frame, config, settings, rows, evaluated.rows)),
      );
      process.stderr.write(`Wrote ${rows.length} snapshots to ${o['snapshots-out']}\n`);
    }
  } finally {
    data.close();
  }
}

async function suggest({ values: o }: Args<'suggest'>): Promise<void> {
  if (!o.out) throw new UsageError('--out FITTED.json is required');
  // Refuse before minutes of loading and fitting, not after (the write below still refuses atomically).
  if (!o.force && existsSync(resolve(o.out))) throw new Rejected([`${o.out} exists; pass --force to overwrite it`]);
  const { config: base } = await configOrDefault(o.config);
  const settings = settingsFrom(o, base);
  const data = await loadData(o);
  let fit: ScorecardFit;
  try {
    const frame = await data.frameAt(settings.cadence);
    process.stderr.write('Binning signals, fitting the scorecard and judging it on the held-out months…\n');
    try {
      fit = fitScorecard(frame, base, settings);
    } catch (err) {
      throw new Rejected([`Cannot fit a scorecard: ${err instanceof Error ? err.message : String(err)}`]);
    }
  } finally {
    data.close();
  }
  try {
    writeFileSync(resolve(o.out), `${JSON.stringify(fit.config, null, 2)}\n`, { flag: o.force ? 'w' : 'wx' });
  } catch (err) {
    const exists = (err as NodeJS.ErrnoException).code === 'EEXIST';
    const why = err instanceof Error ? err.message : String(err);
    throw new Rejected([exists ? `${o.out} exists; pass --force to overwrite it` : `${o.out}: cannot write (${why})`]);
  }
  const { config: _written, ...report } = fit;
  out(o.json ? JSON.stringify({ out: o.out, ...report }, null, 2) : scorecardSummary(fit, o.out));
}

async function score({ values: o }: Args<'score'>): Promise<void> {
  const { config } = await configOrDefault(o.config);
  if (!o.out) throw new UsageError('--out FILE.csv|FILE.parquet is required');
  const ext = extname(o.out).toLowerCase();
  if (ext !== '.csv' && ext !== '.parquet') throw new UsageError(`--out must end in .csv or .parquet, got ${o.out}`);
  const data = await loadData(o);
  try {
    const frame = await data.frameAt('monthly', undefined, checkedSignals(data, config));
    const { periods } = frame.meta;
    const asOf = o['as-of'] ?? periods.at(-1)!;
    const m = periods.indexOf(asOf);
    if (m < 0) {
      throw new Rejected([
        `--as-of ${asOf} is not a month-end with snapshots; choose one of ${periods[0]} … ${periods.at(-1)}`,
      ]);
    }
    const table = scoredAccounts(frame, config, m);
    if (ext === '.csv') writeFileSync(resolve(o.out), csvText(table));
    else await writeParquet(csvText(table), resolve(o.out));
    process.stderr.write(`Scored ${table.rows.length} accounts as of ${asOf}; wrote ${o.out}\n`);
  } finally {
    data.close();
  }
}

/** CSV text to a Parquet file, through DuckDB (so column types are inferred as a spreadsheet user expects). */
async function writeParquet(csv: string, file: string): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'hsw-score-'));
  try {
    writeFileSync(join(tmp, 'scored.csv'), csv);
    const db = await openDatabase();
    try {
      const source = `read_csv(${sqlString(join(tmp, 'scored.csv'))}, header = true)`;
      await db.conn.run(`COPY (SELECT * FROM ${source}) TO ${sqlString(file)} (FORMAT parquet)`);
    } finally {
      db.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const RUN: { [C in CommandName]: (a: Args<C>) => Promise<void> | void } = {
  init,
  validate,
  map,
  backtest,
  suggest,
  sql,
  score,
  schema: () => void process.stdout.write(configJsonSchemaText()),
};

function runCommand<C extends CommandName>(name: C, argv: readonly string[]): Promise<void> | void | 'help' {
  const spec = COMMANDS[name];
  const parsed = parseCommandLine(argv, spec.options, {
    positionals: 'positionals' in spec ? spec.positionals : 0,
  }) as Args<C>;
  if ((parsed.values as { help?: true }).help) return 'help';
  return RUN[name](parsed);
}

export async function main(argv: readonly string[]): Promise<number> {
  // Options before the command are global (--help, --version); the rest are the command's.
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const global = at < 0 ? argv : argv.slice(0, at);
  let name = at < 0 ? undefined : argv[at]!;
  let rest = at < 0 ? [] : argv.slice(at + 1);
  try {
    const g = parseCommandLine(global, GLOBAL_OPTIONS).values;
    if (g.version) return (out(version), 0);
    if (name === 'help' && rest.length > 0) [name, rest] = [rest[0]!, ['--help']];
    if (g.help || name === 'help') return (out(mainHelp()), 0);
    if (!name) return (out(mainHelp()), 2);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`error: ${err.message}\n\n${mainHelp()}\n`);
    return 2;
  }
  if (!isCommand(name)) {
    process.stderr.write(`error: unknown command "${name}"\n\n${mainHelp()}\n`);
    return 2;
  }
  try {
    const ran = runCommand(name, rest);
    if (ran === 'help') out(commandHelp(name));
    else await ran;
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${commandHelp(name)}\n`);
      return 2;
    }
    if (err instanceof Rejected || err instanceof ImportPlanError || err instanceof ConfigFileError) {
      process.stderr.write(`${err.problems.join('\n')}\n`);
      return 1;
    }
    throw err;
  }
}
