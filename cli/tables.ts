/**
 * The tables the CLI writes: scored accounts at a date (`score --out`) and
 * every evaluated snapshot of a backtest (`backtest --snapshots-out`). Pure:
 * rows of cells, turned into CSV (or Parquet) by the caller.
 */
import type { BacktestSettings, ModelConfig } from '../engine/core/api/schema.js';
import { atRiskBins } from '../engine/core/backtest/pipeline.js';
import { playbookText } from '../engine/core/model/playbook.js';
import { explainScore } from '../engine/core/scoring/explain.js';
import { applyOverrides } from '../engine/core/scoring/overrides.js';
import { configurationOf, scoreFrame } from '../engine/core/scoring/score.js';
import { scoreBin, tierIndex } from '../engine/core/scoring/tiers.js';
import { outcomeAt, type SnapshotFrame } from '../engine/core/snapshots/frame.js';

export type Cell = string | number | boolean | null;
export interface Table {
  header: string[];
  rows: Cell[][];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Every account at the snapshot date `asOf` (an index into frame.meta.periods): score, tier, playbook action,
 * each category's score and contribution, the weakest category and the explanation.
 */
export function scoredAccounts(frame: SnapshotFrame, config: ModelConfig, asOf: number): Table {
  const fs = scoreFrame(frame, config);
  // One column pair per category id across every configuration; blank where the account's configuration lacks it.
  const categoryIds = [...new Set([...fs.configurations].reverse().flatMap((c) => c.categories.map((k) => k.id)))];
  const header = [
    'account_id',
    'name',
    'segment',
    'as_of',
    'score',
    'tier',
    'action',
    ...categoryIds.flatMap((id) => [`${id}_score`, `${id}_contribution`]),
    'weakest_category',
    'explanation',
    'configuration',
  ];
  const date = frame.meta.periods[asOf]!;
  const rows: Cell[][] = [];
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== asOf) continue;
    const s = fs.scores[i]!;
    const c = configurationOf(fs, i);
    const own = fs.configurations[c]!;
    const tier = Number.isNaN(s) ? null : own.tiers.tiers[tierIndex(s, own.tiers)]!;
    const ex = explainScore(
      own,
      fs.categoryScores[c]!.map((col) => col[i]!),
    );
    const byId = new Map(ex.contributions.map((x) => [x.id, x]));
    const a = frame.account[i]!;
    rows.push([
      frame.meta.accountIds[a]!,
      frame.meta.accountNames[a]!,
      frame.meta.segments[frame.segment[i]!]!,
      date,
      Number.isNaN(s) ? null : round2(s),
      tier?.name ?? 'insufficient data',
      tier ? playbookText(tier) : '',
      ...categoryIds.flatMap((id) => {
        const x = byId.get(id);
        return x ? [x.score === null ? null : round2(x.score), round2(x.contribution)] : [null, null];
      }),
      ex.weakest,
      ex.text,
      own.id,
    ]);
  }
  return { header, rows };
}

/**
 * The evaluated snapshots (frame rows) of a backtest with their score, tier, prediction and outcome, and every
 * signal's raw value (blank where unavailable): the same rows anyone can fit their own model on. The score is the
 * one the backtest judged: with settings.overrides 'apply', the CSM override in force where there is one.
 */
export function evaluatedSnapshots(
  frame: SnapshotFrame,
  config: ModelConfig,
  settings: BacktestSettings,
  evaluated: ArrayLike<number>,
): Table {
  const fs = scoreFrame(frame, config);
  // The scores the backtest judged: with overrides applied, those in force replace the computed score.
  const scores =
    settings.overrides === 'apply'
      ? applyOverrides(
          frame,
          fs.configurations.map((c) => c.tiers),
          fs.scores,
          fs.assigned,
        )
      : fs.scores;
  const atRisk = fs.configurations.map((c) => atRiskBins(c.tiers, settings));
  const header = [
    'account_id',
    'as_of',
    'segment',
    'score',
    'tier',
    'at_risk',
    'churned_within_horizon',
    'configuration',
    ...frame.meta.signals,
  ];
  const rows = Array.from(evaluated, (i): Cell[] => {
    const s = scores[i]!;
    const c = configurationOf(fs, i);
    const tiers = fs.configurations[c]!.tiers;
    return [
      frame.meta.accountIds[frame.account[i]!]!,
      frame.meta.periods[frame.period[i]!]!,
      frame.meta.segments[frame.segment[i]!]!,
      s,
      tiers.tiers[tierIndex(s, tiers)]!.id,
      atRisk[c]![scoreBin(s)] === 1,
      outcomeAt(frame, i, settings.horizonDays, settings.outcome) === 1,
      fs.configurations[c]!.id,
      ...frame.meta.signals.map((id) => {
        const v = frame.values[id]?.[i] ?? Number.NaN;
        return v === v ? v : null;
      }),
    ];
  });
  return { header, rows };
}
