/**
 * The verdict: is this score any good? Pure rules over an evaluation result
 * and the model and design behind it; every host shows the same one (the
 * Overview, the CLI's backtest, the approved file, each Compare scenario).
 */
import type { Finding, Severity, Verdict } from '../api/schema.js';
import { categoryRule, dataWarningRule, fittedOverlapRule, sameDateRule } from './dataRules.js';
import type { Rule, VerdictInput } from './input.js';
import { atRiskCatchRule, aucRule, fewChurnersRule, precisionRule } from './rankingRules.js';
import { dominantTierRule, leadTimeRule, smallTierRule, trendRule } from './tierRules.js';

export type { VerdictInput } from './input.js';

/** In the order a CSM should read them when severities tie. */
export const RULES: readonly Rule[] = [
  sameDateRule,
  fittedOverlapRule,
  fewChurnersRule,
  aucRule,
  trendRule,
  atRiskCatchRule,
  precisionRule,
  leadTimeRule,
  smallTierRule,
  dominantTierRule,
  categoryRule,
  dataWarningRule,
];

const RANK: Record<Severity, number> = { serious: 0, caution: 1, good: 2 };

function headline(findings: readonly Finding[]): { overall: Severity; headline: string } {
  const serious = findings.filter((f) => f.severity === 'serious').length;
  const caution = findings.filter((f) => f.severity === 'caution').length;
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  if (serious > 0)
    return {
      overall: 'serious',
      headline: `Not ready to trust: ${n(serious, 'serious problem')}${caution ? ` and ${n(caution, 'caution')}` : ''}.`,
    };
  if (caution > 0) return { overall: 'caution', headline: `Usable with care: ${n(caution, 'caution')} to read first.` };
  return { overall: 'good', headline: 'The score holds up on this backtest.' };
}

export function verdictOf(input: VerdictInput): Verdict {
  const all = RULES.flatMap((rule) => rule(input));
  // Stable: rule order within a severity.
  const findings = all.map((f, i) => ({ f, i })).sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i);
  return { ...headline(all), findings: findings.map((x) => x.f) };
}

/** The serious findings' ids: what an approval must acknowledge. */
export const seriousFindings = (v: Verdict): string[] =>
  v.findings.filter((f) => f.severity === 'serious').map((f) => f.id);
