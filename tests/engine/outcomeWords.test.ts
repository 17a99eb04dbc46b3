/**
 * The outcome a result counts, in the words the verdict, the screens and the command line use
 * (engine/core/backtest/outcomeWords.ts).
 */
import { describe, expect, it } from 'vitest';
import { outcomePhrase } from '../../engine/core/backtest/outcomeWords.js';

describe('the outcome phrase', () => {
  it('says churn within the horizon', () => {
    expect(outcomePhrase({ outcome: 'churn', horizonDays: 90 })).toBe('churned within 90 days');
  });

  it('says a missed renewal within the horizon', () => {
    expect(outcomePhrase({ outcome: 'renewal', horizonDays: 180 })).toBe('missed a renewal within 180 days');
  });

  it('for a one-moment export, says what had happened by its date, with no horizon', () => {
    // Nothing after the export date is known, so no horizon applies.
    expect(outcomePhrase({ outcome: 'churn', horizonDays: 90, oneMoment: '2024-03-31' })).toBe(
      'had churned by 2024-03-31',
    );
  });
});
