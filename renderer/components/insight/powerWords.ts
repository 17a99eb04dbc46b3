/** What a signal's power figures mean, in words a CSM can act on. */
import type { PredictorInsight } from '../../../engine/core/api/schema.js';

/** Why a signal cannot be judged, or null when it can. */
export function unjudged(p: PredictorInsight): string | null {
  if (p.coverage === 0) return 'no data';
  if (!p.varies) return 'no variation';
  if (p.auc === null) return 'one outcome only';
  return null;
}

export const directionWords = (p: PredictorInsight): string =>
  p.direction === 'lower-churns'
    ? 'lower value, more churn'
    : p.direction === 'higher-churns'
      ? 'higher value, more churn'
      : 'no direction';

/** Conventional reading of information value, as scorecard builders use it. */
export function ivWords(iv: number): string {
  if (iv < 0.02) return 'not useful';
  if (iv < 0.1) return 'weak';
  if (iv < 0.3) return 'medium';
  return 'strong';
}
