/**
 * The CLI's commands as data: each one's options (what the parser accepts),
 * how many positional arguments it takes, and its help, whose options block
 * is generated from the same options.
 */
import { HORIZONS } from '../engine/core/api/schema.js';
import { CONFIG_JSON_SCHEMA_FILE } from '../engine/core/config/jsonSchema.js';
import { optionsHelp, type OptionSpecs } from '../engine/node/commandLine.js';

const HELP_OPTION = { help: { type: 'boolean', short: 'h', help: 'show this help' } } as const;

const DATA_OPTIONS_BASE = {
  data: {
    type: 'string',
    variadic: true,
    arg: 'DIR|FILES',
    help:
      'a folder of exports in the standard columns (accounts, usage_events, churn,\n' +
      'tickets, invoices, nps, renewals as .csv/.csv.gz), or any export files\n(and folders of them) read through a mapping',
  },
  mapping: {
    type: 'string',
    arg: 'FILE',
    help: 'the mapping for those files (from "map" or the app\'s "Save this mapping");\nwithout it the proposed mapping is used and printed to stderr',
  },
  'issues-out': {
    type: 'string',
    arg: 'FILE.csv',
    help: 'every rejected row and changed value (file, line, column, value, reason)',
  },
} as const;

/** How to read the files, for every file given (what the app's mapping screen sets per file). */
export const READ_OPTIONS = {
  'skip-rows': { type: 'string', arg: 'N', help: 'lines (CSV) or sheet rows (XLSX) above the header to skip' },
  'header-row': { type: 'string', arg: 'N', help: 'the header is on line or row N (the same as --skip-rows N-1)' },
  sheet: { type: 'string', arg: 'NAME', help: 'XLSX: the sheet to read (default: the first with any rows)' },
  encoding: {
    type: 'string',
    arg: 'E',
    help: 'utf-8, windows-1252, latin-1, utf-16, utf-16le or utf-16be (default: detected)',
  },
  'date-format': {
    type: 'string',
    arg: 'PATTERN',
    help: "read every date column with this strptime pattern, e.g. %d-%m-%Y or %b %d, %Y\n(default: each column's detected format)",
  },
  'export-date': {
    type: 'string',
    arg: 'YYYY-MM-DD',
    help:
      'the export date, for files whose rows carry no date of their own: accounts a churn\n' +
      'flag or status column (Churn = Yes, status = churned) marks as churned, with no churn\n' +
      'date, are dated on it; a score extract without a score date has its scores as of it;\n' +
      "a tenure column (months as a customer) counts each account's start back from it",
  },
  'churn-as-of': { type: 'string', arg: 'YYYY-MM-DD', help: 'the older name of --export-date' },
} as const;

const DATA_OPTIONS = { ...DATA_OPTIONS_BASE, ...READ_OPTIONS } as const;

export interface Command {
  summary: string;
  usage: string;
  /** Text between the usage line and the options. */
  description?: string;
  options: OptionSpecs;
  positionals?: number;
}

export const GLOBAL_OPTIONS = { ...HELP_OPTION, version: { type: 'boolean', help: 'print the version' } } as const;

export const COMMANDS = {
  init: {
    summary: 'write the default configuration, to start from',
    usage: 'health-workbench init [--out FILE] [--force]',
    description:
      'Writes the built-in five-category configuration as JSON (to stdout without --out).\n\n' +
      `Editors complete and check configuration files with its JSON Schema (${CONFIG_JSON_SCHEMA_FILE}).\n` +
      'A configuration allows no extra fields (no "$schema"), so point the editor at the schema instead:\n' +
      '  health-workbench schema > health-workbench-config.schema.json\n' +
      "and in VS Code's settings.json\n" +
      '  "json.schemas": [{ "fileMatch": ["*.config.json"], "url": "./health-workbench-config.schema.json" }]',
    options: {
      ...HELP_OPTION,
      out: { type: 'string', arg: 'FILE', help: 'write the configuration to FILE instead of stdout' },
      force: { type: 'boolean', help: 'overwrite FILE if it exists' },
    },
  },
  schema: {
    summary: 'the JSON Schema of configuration files, for editors',
    usage: 'health-workbench schema',
    description:
      "Prints the JSON Schema of the configuration format (the one in the package's schema/ folder).\n" +
      'Rules across fields (weights summing to 100, cut points decreasing) are checked by "validate".',
    options: HELP_OPTION,
  },
  validate: {
    summary: 'check a configuration file; every problem with its JSON path',
    usage: 'health-workbench validate CONFIG.json',
    description:
      'Checks the file against configuration schema version 1 and prints every problem\n' +
      'as "path: message" (e.g. "categories[2].weight: …"). Unknown fields and newer\n' +
      'versions are reported. Exit 0 when valid, 1 when not.',
    options: HELP_OPTION,
    positionals: 1,
  },
  map: {
    summary: 'the proposed mapping of export files (entity, columns, date formats) as JSON',
    usage: 'health-workbench map FILES...',
    description:
      'Sniffs each file (CSV/TSV in any delimiter and UTF-8 or Latin-1, .gz, Parquet,\n' +
      'JSON, NDJSON, XLSX; a folder stands for the export files in it) and prints the\n' +
      'proposed mapping as JSON: per file its entity, the column for each role, the\n' +
      'date format of each date column and how to read it. Review it, edit it, and\n' +
      "pass it back with --mapping so next month's exports load the same way.",
    options: { ...HELP_OPTION, ...READ_OPTIONS },
    positionals: Number.POSITIVE_INFINITY,
  },
  backtest: {
    summary: 'every backtest metric for a configuration on a set of exports',
    usage: 'health-workbench backtest --data DIR|FILES... [options]',
    options: {
      ...HELP_OPTION,
      ...DATA_OPTIONS,
      config: {
        type: 'string',
        arg: 'FILE',
        help:
          'configuration or approved configuration (default: the built-in five-category model);\n' +
          'an approved file is re-run with its own backtest design and its metrics are\n' +
          'checked to reproduce exactly when the data is the same (exit 1 if not)',
      },
      horizon: {
        type: 'string',
        arg: 'DAYS',
        help: `churn within this many days (${HORIZONS.join(', ')}; default 90)`,
      },
      cadence: { type: 'string', arg: 'C', help: 'monthly (default) or weekly snapshots' },
      outcome: { type: 'string', arg: 'O', help: 'churn (default) or renewal (missed renewals)' },
      window: { type: 'string', arg: 'MONTHS', help: 'evaluate the last N observed months (default 12)' },
      'grace-days': {
        type: 'string',
        arg: 'DAYS',
        help: 'with subscriptions: a new one starting within DAYS of the last one ending is not churn (default 30)',
      },
      overrides: {
        type: 'string',
        arg: 'MODE',
        help: 'ignore (default: judge the model alone) or apply (the CSM overrides in force\nat each snapshot replace its score: a tier override mid-tier, a score as given)',
      },
      json: { type: 'boolean', help: 'print every metric as JSON instead of a summary' },
      'current-score': {
        type: 'boolean',
        help:
          "backtest your platform's own score (the imported score history: Gainsight, ChurnZero, …) instead\n" +
          "of a configuration: at each snapshot the account's latest score dated on or before it, at most\n" +
          "45 days old; tiers from its statuses when they follow score ranges, else the configuration's cut points",
      },
      'snapshots-out': {
        type: 'string',
        arg: 'FILE',
        help:
          'write every evaluated snapshot (account, date, segment, score, tier, at-risk flag,\n' +
          "churned-within-horizon flag, every signal's raw value) as CSV, to fit your own model on, with\n" +
          'what recomputes them: evaluated flag, days to the outcome, days observed, each category score',
      },
      'snapshots-all': {
        type: 'boolean',
        help: 'with --snapshots-out: every snapshot, the censored and out-of-window ones\ntoo (evaluated = false; their churned flag means nothing)',
      },
    },
  },
  suggest: {
    summary: 'fit a whole configuration (a banded scorecard) on earlier months, judged on later ones',
    usage: 'health-workbench suggest --data DIR|FILES... --out FITTED.json [options]',
    description:
      'Fits a scorecard as credit-risk scorecards are built: every signal cut into bands whose churn\n' +
      'rate moves one way only, points per band from its weight of evidence, signal and category\n' +
      'weights from a logistic regression, cut points from the fitted score. Fitted on the observed\n' +
      'month-ends before the last third of the window, judged on that last third against --config.\n' +
      'The file is an ordinary configuration (edit it, validate it, backtest it); its fittedOn field\n' +
      'names the fitting months, so "backtest --config" warns when its window overlaps them.',
    options: {
      ...HELP_OPTION,
      ...DATA_OPTIONS,
      config: {
        type: 'string',
        arg: 'FILE',
        help: 'the configuration to compare with and take the tiers from (default: the built-in model)',
      },
      out: { type: 'string', arg: 'FILE', help: 'write the fitted configuration to FILE (required)' },
      force: { type: 'boolean', help: 'overwrite FILE if it exists' },
      horizon: {
        type: 'string',
        arg: 'DAYS',
        help: `churn within this many days (${HORIZONS.join(', ')}; default 90)`,
      },
      cadence: { type: 'string', arg: 'C', help: 'monthly (default) or weekly snapshots' },
      outcome: { type: 'string', arg: 'O', help: 'churn (default) or renewal (missed renewals)' },
      window: {
        type: 'string',
        arg: 'MONTHS',
        help: 'the last N observed months (default 12); the last third of them is held out',
      },
      json: { type: 'boolean', help: 'print the fit and its held-out metrics as JSON' },
    },
  },
  sql: {
    summary: 'the configuration as one SQL query that scores accounts in a warehouse',
    usage:
      'health-workbench sql --config FILE [--as-of DATE] [--usage-interval-days N | --data DIR|FILES... [--mapping M]]',
    description:
      'Prints one SQL query that scores every account active at DATE (a month-end)\n' +
      'exactly as the workbench does, over tables named and shaped like the\n' +
      "workbench's exports (accounts, usage_events, tickets, invoices, nps, churn).\n" +
      'It runs unchanged on DuckDB and PostgreSQL; docs/warehouse-sql.md shows the\n' +
      'few edits Snowflake, BigQuery and Databricks need.',
    options: {
      ...HELP_OPTION,
      config: {
        type: 'string',
        arg: 'FILE',
        help: 'configuration or approved configuration (default: the built-in model)',
      },
      'as-of': {
        type: 'string',
        arg: 'DATE',
        help: 'month-end to score at (default with --data: the latest; otherwise required)',
      },
      'usage-interval-days': {
        type: 'string',
        arg: 'N',
        help: 'days each usage row covers: 1 for daily rows (default), 7 for weekly',
      },
      ...DATA_OPTIONS,
    },
  },
  score: {
    summary: 'scored accounts at a date, with tier, category scores and explanation',
    usage: 'health-workbench score --data DIR|FILES... --out FILE.csv|FILE.parquet [options]',
    options: {
      ...HELP_OPTION,
      ...DATA_OPTIONS,
      config: { type: 'string', arg: 'FILE', help: 'configuration (default: the built-in five-category model)' },
      'as-of': { type: 'string', arg: 'DATE', help: 'snapshot date (default: the latest month-end)' },
      out: {
        type: 'string',
        arg: 'FILE',
        help: ".csv or .parquet: account, name, segment, date, score, tier,\nplaybook action, each category's score and contribution, explanation",
      },
    },
  },
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'health-workbench — calibrate and run customer health scores without the UI',
    '',
    'Usage: health-workbench COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    optionsHelp(GLOBAL_OPTIONS),
    '',
    'Run "health-workbench COMMAND --help" for a command\'s options.',
    'Exit codes: 0 success, 1 input rejected (every problem listed), 2 usage error.',
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const c: Command = COMMANDS[name];
  return [c.usage, '', ...(c.description ? [c.description, ''] : []), 'Options:', optionsHelp(c.options)].join('\n');
}
