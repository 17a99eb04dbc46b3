/**
 * Runs the CLI as installed (bin/health-workbench.mjs on plain Node) on a set of
 * exports and the independent oracle (tests/reference/pipeline_oracle.py,
 * pandas + scikit-learn) on the snapshots it wrote, for one configuration and
 * backtest design. Used by the vitest oracle spec and the end-to-end
 * calibration spec, which compare the engine's and the screen's figures with
 * the oracle's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvaluationResult, ModelConfig } from '../../engine/core/api/schema.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE_DATA = join(ROOT, 'sample-data');
const PYTHON = process.env.HSW_PYTHON ?? '/usr/bin/python3';

export interface Design {
  horizonDays: number;
  windowMonths: number;
  cadence: 'monthly' | 'weekly';
  outcome: 'churn' | 'renewal';
  /** Judge the model alone (the default) or with the CSM overrides in force. */
  overrides?: 'ignore' | 'apply';
}

export const DEFAULT_DESIGN: Design = { horizonDays: 90, windowMonths: 12, cadence: 'monthly', outcome: 'churn' };

/** What the oracle prints (see pipeline_oracle.py). */
export interface OracleResult {
  mismatches: { score: number; tier: number; atRisk: number; evaluated: number; churned: number };
  periods: string[];
  evaluated: number;
  censored: number;
  outsideWindow: number;
  overall: {
    confusion: { tp: number; fp: number; fn: number; tn: number };
    n: number;
    positives: number;
    baseRate: number | null;
    precision: number | null;
    recall: number | null;
    f1: number | null;
    specificity: number | null;
    accuracy: number | null;
    lift: number | null;
  };
  tiers: { tierId: string; count: number; churned: number; churnRate: number | null }[];
  auc: number | null;
  averagePrecision: number | null;
  portfolio: {
    asOf: string;
    accounts: number;
    tierCounts: { tierId: string; count: number }[];
    /** Accounts with a CSM override in force at the date. */
    overridesInForce: number;
  };
  /** Evaluated snapshots whose score an override set (0 unless overrides are applied). */
  overriddenEvaluated: number;
}

export { buildCli } from '../support/cli.js';

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** The CLI's backtest (--json) and the oracle's recomputation from the CLI's snapshot file. */
export function cliAndOracle(
  config: ModelConfig,
  design: Design = DEFAULT_DESIGN,
  data: string = SAMPLE_DATA,
): { cli: EvaluationResult; oracle: OracleResult } {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-oracle-'));
  try {
    const configFile = join(dir, 'config.json');
    const snapshots = join(dir, 'snapshots.csv');
    writeFileSync(configFile, JSON.stringify(config));
    const cli = JSON.parse(
      run(process.execPath, [
        join(ROOT, 'bin', 'health-workbench.mjs'),
        'backtest',
        '--data',
        data,
        '--config',
        configFile,
        '--horizon',
        String(design.horizonDays),
        '--window',
        String(design.windowMonths),
        '--cadence',
        design.cadence,
        '--outcome',
        design.outcome,
        '--overrides',
        design.overrides ?? 'ignore',
        '--json',
        '--snapshots-out',
        snapshots,
        '--snapshots-all',
      ]),
    ) as EvaluationResult;
    // The CLI predicts churn for the worst tier (see settingsFrom in cli/main.ts).
    const worst = config.tiers.tiers.at(-1)!.id;
    const oracle = JSON.parse(
      run(PYTHON, [
        join(ROOT, 'tests', 'reference', 'pipeline_oracle.py'),
        '--snapshots',
        snapshots,
        '--config',
        configFile,
        '--horizon',
        String(design.horizonDays),
        '--window',
        String(design.windowMonths),
        '--outcome',
        design.outcome,
        '--at-risk',
        worst,
        '--as-of',
        cli.portfolio.asOf,
        '--overrides',
        design.overrides ?? 'ignore',
      ]),
    ) as OracleResult;
    return { cli, oracle };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
