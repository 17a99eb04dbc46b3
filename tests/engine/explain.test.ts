/**
 * The "why this score" text and contributions under each missing-data policy,
 * worked by hand: contributions add up to the overall score, the strongest and
 * weakest name only weighted categories with data, and ties name the first.
 */
import { describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { explainScore } from '../../engine/core/scoring/explain.js';
import { simpleConfig } from './frames.js';

const NaN_ = Number.NaN;

/** Usage 50 %, Support 30 %, Billing 20 %, and an unweighted Engagement (shown, never counted). */
function fourCategories(missing: ModelConfig['missing']): ModelConfig {
  const cat = (id: string, name: string, weight: number, signal: string) => ({
    id,
    name,
    weight,
    signals: [{ signal, weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
  });
  return ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'four',
    missing,
    tiers: TRAFFIC_LIGHT,
    categories: [
      cat('usage', 'Usage', 50, 'logins_trend'),
      cat('support', 'Support', 30, 'csat_last5'),
      cat('billing', 'Billing', 20, 'payment_current'),
      cat('engagement', 'Engagement', 0, 'nps_latest'),
    ],
  });
}

describe('score explanation', () => {
  it('splits a fully scored account into weighted contributions and names its weakest and strongest category', () => {
    // 50 · 40 / 100 = 20, 30 · 90 / 100 = 27, 20 · 70 / 100 = 14: overall 61. Engagement (weight 0) at 100 and 5 is ignored.
    for (const engagement of [100, 5]) {
      const ex = explainScore(fourCategories('neutral'), [40, 90, 70, engagement]);
      expect(ex.contributions.map((c) => [c.id, c.score, c.weight, c.contribution])).toEqual([
        ['usage', 40, 50, 20],
        ['support', 90, 30, 27],
        ['billing', 70, 20, 14],
        ['engagement', engagement, 0, 0],
      ]);
      expect(ex.contributions.map((c) => c.name)).toEqual(['Usage', 'Support', 'Billing', 'Engagement']);
      expect([ex.weakest, ex.strongest, ex.missing]).toEqual(['Usage', 'Support', []]);
      expect(ex.text).toBe('Usage (40) is pulling the score down; Support (90) is strong.');
    }
  });
  it('rounds the scores it quotes and, in a tie, names the first category listed', () => {
    const ex = explainScore(fourCategories('neutral'), [39.6, 39.6, 85.5, NaN_]);
    expect([ex.weakest, ex.strongest]).toEqual(['Usage', 'Billing']);
    expect(ex.text).toBe(
      'Usage (40) is pulling the score down; Billing (86) is strong; no data for Engagement (scored 50).',
    );
    const top = explainScore(fourCategories('neutral'), [10, 80, 80, 20]);
    expect(top.strongest).toBe('Support');
  });
  it('does not call one category both the weakest and the strongest', () => {
    const ex = explainScore(simpleConfig(70, 30), [60, 60]);
    expect([ex.weakest, ex.strongest]).toEqual(['A', 'A']);
    expect(ex.text).toBe('A (60) is pulling the score down.');
  });
  it('scores a missing category 50 under the neutral policy', () => {
    // 70 · 80 / 100 + 30 · 50 / 100 = 56 + 15 = 71.
    const ex = explainScore(simpleConfig(70, 30), [80, NaN_]);
    expect(ex.contributions.map((c) => [c.score, c.contribution])).toEqual([
      [80, 56],
      [null, 15],
    ]);
    expect(ex.missing).toEqual(['B']);
    expect(ex.text).toBe('A (80) is pulling the score down; no data for B (scored 50).');
  });
  it('scores a missing category 0 under the penalise policy', () => {
    const ex = explainScore(simpleConfig(70, 30, TRAFFIC_LIGHT, 'penalise'), [NaN_, 60]);
    expect(ex.contributions.map((c) => [c.score, c.contribution])).toEqual([
      [null, 0],
      [60, 18],
    ]);
    expect(ex.text).toBe('B (60) is pulling the score down; no data for A (penalised: scored 0).');
  });
  it('re-weights the categories with data under the reweight policy, the missing ones contributing nothing', () => {
    // Usage missing: Support and Billing share 50 points of weight. 30 · 90 / 50 = 54, 20 · 70 / 50 = 28: overall 82.
    const ex = explainScore(fourCategories('reweight'), [NaN_, 90, 70, NaN_]);
    expect(ex.contributions.map((c) => c.contribution)).toEqual([0, 54, 28, 0]);
    expect(ex.missing).toEqual(['Usage', 'Engagement']);
    expect(ex.text).toBe(
      'Billing (70) is pulling the score down; Support (90) is strong; no data for Usage, Engagement (left out, the rest re-weighted).',
    );
  });
  it('explains an account with no category data at all under each policy', () => {
    const none = [NaN_, NaN_, NaN_, NaN_];
    const reweight = explainScore(fourCategories('reweight'), none);
    expect(reweight.contributions.map((c) => c.contribution)).toEqual([0, 0, 0, 0]);
    expect([reweight.weakest, reweight.strongest]).toEqual([null, null]);
    expect(reweight.text).toBe('no data for Usage, Support, Billing, Engagement (left out, the rest re-weighted).');
    const neutral = explainScore(fourCategories('neutral'), none);
    expect(neutral.contributions.map((c) => c.contribution)).toEqual([25, 15, 10, 0]);
    expect(neutral.text).toBe('no data for Usage, Support, Billing, Engagement (scored 50).');
  });
  it('re-weights to nothing, not to a division by zero, when only an unweighted category has data', () => {
    const ex = explainScore(fourCategories('reweight'), [NaN_, NaN_, NaN_, 60]);
    expect(ex.contributions.map((c) => c.contribution)).toEqual([0, 0, 0, 0]);
    expect(ex.missing).toEqual(['Usage', 'Support', 'Billing']);
  });
  it('counts an available score of 0 as data, not as missing', () => {
    const ex = explainScore(simpleConfig(70, 30, TRAFFIC_LIGHT, 'reweight'), [0, 100]);
    expect(ex.missing).toEqual([]);
    expect(ex.contributions.map((c) => c.contribution)).toEqual([0, 30]);
    expect(ex.text).toBe('A (0) is pulling the score down; B (100) is strong.');
  });
});
