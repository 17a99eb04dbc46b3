/** An at-risk rule in the words a CSM uses: which tiers, and the score below which an account is in them. */
import type { BacktestSettings, TierScheme } from '../../../engine/core/api/schema.js';
import { atRiskBins } from '../../../engine/core/backtest/atRisk.js';

export function cutWords(tiers: TierScheme, rule: Pick<BacktestSettings, 'atRiskTiers' | 'atRiskBelow'>): string {
  const below = rule.atRiskBelow ?? null;
  if (below !== null) return `score below ${below}`;
  const bins = atRiskBins(tiers, rule);
  const names = tiers.tiers.filter((t) => rule.atRiskTiers.includes(t.id)).map((t) => t.name);
  const first = bins.indexOf(0);
  // A threshold only when the flagged scores are the lowest ones, as they are for the worst tiers.
  const contiguous = first > 0 && bins.subarray(first).every((b) => b === 0);
  return contiguous ? `${names.join(' + ')}: score below ${first}` : names.join(' + ');
}
