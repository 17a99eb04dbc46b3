import type { BacktestSettings, TierScheme } from '../api/schema.js';
import { tierOfBins } from '../scoring/tiers.js';
import { BINS } from './histograms.js';

/** 1 for every score bin predicted to churn: the at-risk tiers, or every score below a threshold. */
export function atRiskBins(scheme: TierScheme, s: Pick<BacktestSettings, 'atRiskTiers' | 'atRiskBelow'>): Uint8Array {
  const tierOfBin = tierOfBins(scheme);
  const byTier = scheme.tiers.map((t) => s.atRiskTiers.includes(t.id));
  const below = s.atRiskBelow ?? null;
  return Uint8Array.from({ length: BINS }, (_, b) =>
    below !== null ? (b < below ? 1 : 0) : byTier[tierOfBin[b]!] ? 1 : 0,
  );
}
