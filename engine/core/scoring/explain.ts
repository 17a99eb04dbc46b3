/**
 * Why an account has its score: each category's score and weighted
 * contribution (they add up to the overall score), the strongest and the
 * weakest category, and what was missing.
 */
import type { ModelConfig } from '../api/schema.js';
import { NEUTRAL_SCORE } from './score.js';

export interface CategoryContribution {
  id: string;
  name: string;
  score: number | null;
  weight: number;
  contribution: number;
}

export interface Explanation {
  contributions: CategoryContribution[];
  strongest: string | null;
  weakest: string | null;
  missing: string[];
  text: string;
}

/** Only the parts of a configuration an explanation needs, so a variant's resolved configuration will do. */
export type ExplainedConfiguration = Pick<ModelConfig, 'categories' | 'missing'>;

export function explainScore(config: ExplainedConfiguration, categoryScores: readonly number[]): Explanation {
  const cats = config.categories;
  const available = cats.map((_, i) => !Number.isNaN(categoryScores[i]!));
  const wsum = config.missing === 'reweight' ? cats.reduce((s, c, i) => s + (available[i] ? c.weight : 0), 0) : 100;
  const contributions = cats.map((c, i) => {
    const v = categoryScores[i]!;
    const used = available[i] ? v : config.missing === 'neutral' ? NEUTRAL_SCORE : 0;
    return {
      id: c.id,
      name: c.name,
      score: available[i] ? v : null,
      weight: c.weight,
      contribution: wsum > 0 && (available[i] || config.missing !== 'reweight') ? (c.weight * used) / wsum : 0,
    };
  });
  const scored = contributions.filter((c) => c.score !== null && c.weight > 0);
  const strongest = scored.length ? scored.reduce((a, b) => (b.score! > a.score! ? b : a)) : null;
  const weakest = scored.length ? scored.reduce((a, b) => (b.score! < a.score! ? b : a)) : null;
  const missing = contributions.filter((c) => c.score === null).map((c) => c.name);
  const parts: string[] = [];
  if (weakest) parts.push(`${weakest.name} (${Math.round(weakest.score!)}) is pulling the score down`);
  if (strongest && strongest !== weakest) parts.push(`${strongest.name} (${Math.round(strongest.score!)}) is strong`);
  if (missing.length)
    parts.push(
      `no data for ${missing.join(', ')} (${config.missing === 'neutral' ? 'scored 50' : config.missing === 'penalise' ? 'penalised: scored 0' : 'left out, the rest re-weighted'})`,
    );
  return {
    contributions,
    strongest: strongest?.name ?? null,
    weakest: weakest?.name ?? null,
    missing,
    text: parts.length ? `${parts.join('; ')}.` : 'No category data.',
  };
}
