/**
 * The outcome a result counts, as a sentence says it: "churned within 90 days", "missed a renewal
 * within 90 days", or, for a one-moment export, "had churned by 2024-03-31" (nothing after that date
 * is known). One phrase for the verdict, the screens and the command line.
 */
import type { EvaluationResult } from '../api/schema.js';

type Outcome = Pick<EvaluationResult['backtest'], 'outcome' | 'horizonDays' | 'oneMoment'>;

export function outcomePhrase(b: Outcome): string {
  if (b.oneMoment !== undefined) return `had churned by ${b.oneMoment}`;
  return `${b.outcome === 'renewal' ? 'missed a renewal' : 'churned'} within ${b.horizonDays} days`;
}
