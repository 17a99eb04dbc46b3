/** What every verdict rule reads: the result (with its intervals, when computed) and the model and design behind it. */
import type { BacktestSettings, EvaluationResult, Finding, ModelConfig, Severity } from '../api/schema.js';

export interface VerdictInput {
  result: EvaluationResult;
  config: ModelConfig;
  backtest: BacktestSettings;
}

/** A rule returns the findings it makes: none when it has nothing to say or cannot judge. */
export type Rule = (v: VerdictInput) => Finding[];

export function finding(
  id: string,
  severity: Severity,
  sentence: string,
  nextStep: string,
  figures: Finding['figures'],
): Finding {
  return { id, severity, sentence, nextStep, figures };
}

export const tierName = (v: VerdictInput, id: string): string =>
  v.config.tiers.tiers.find((t) => t.id === id)?.name ?? id;

/** The at-risk set in words: "Red", "Red + Yellow", or "A score below 40". */
export function atRiskName(v: VerdictInput): string {
  const below = v.backtest.atRiskBelow ?? null;
  if (below !== null) return `A score below ${below}`;
  const names = v.config.tiers.tiers.filter((t) => v.backtest.atRiskTiers.includes(t.id)).map((t) => t.name);
  return names.length ? names.join(' + ') : 'No tier';
}

/** Accounts in the at-risk set at the as-of date (tiers or score bins). */
export function atRiskAccountsNow(v: VerdictInput): number {
  const p = v.result.portfolio;
  const below = v.backtest.atRiskBelow ?? null;
  if (below !== null) return p.histogram.slice(0, below).reduce((a, b) => a + b, 0);
  return p.tierCounts.filter((t) => v.backtest.atRiskTiers.includes(t.tierId)).reduce((a, t) => a + t.count, 0);
}

/** Churned accounts (events), from the account-level evidence when the result has it, else churned snapshots. */
export const churnEvents = (v: VerdictInput): number =>
  v.result.backtest.evidence?.churnedAccounts ?? v.result.backtest.overall.positives;

export const event = (v: VerdictInput): string => (v.backtest.outcome === 'renewal' ? 'missed a renewal' : 'churned');
