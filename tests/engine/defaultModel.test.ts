/**
 * The model a team starts from is the domain reference's five-category model
 * (shared/domain: "usage 30 %, support 20 %, billing 20 %, engagement 15 %,
 * growth 15 %", Green 70–100, Yellow 40–69, Red 0–39) and its four-tier
 * alternative (Critical below 40 within 48 hours, High risk 40–59 within a
 * week, Medium 60–79, Healthy from 80). The reference's worked example is the
 * oracle for the weights and cuts together.
 */
import { describe, expect, it } from 'vitest';
import { BacktestSettingsSchema } from '../../engine/core/api/schema/backtest.js';
import type { Normalisation, TierScheme } from '../../engine/core/api/schema.js';
import { validateConfig } from '../../engine/core/config/validateConfig.js';
import {
  DEFAULT_BACKTEST,
  DEFAULT_CONFIG,
  FOUR_TIER,
  TIER_PRESETS,
  TRAFFIC_LIGHT,
} from '../../engine/core/model/defaults.js';
import { playbookText } from '../../engine/core/model/playbook.js';
import { normaliseValue, type PointwiseNormalisation } from '../../engine/core/scoring/normalise.js';
import { combineScores } from '../../engine/core/scoring/score.js';
import { tierIndex } from '../../engine/core/scoring/tiers.js';
import { SIGNALS } from '../../engine/core/signals/catalog.js';

const tierAt = (score: number, scheme: TierScheme) => scheme.tiers[tierIndex(score, scheme)]!.name;
const weights = () => DEFAULT_CONFIG.categories.map((c) => c.weight);

function spec(signal: string): PointwiseNormalisation {
  const n: Normalisation | undefined = DEFAULT_CONFIG.categories
    .flatMap((c) => c.signals)
    .find((s) => s.signal === signal)?.normalisation;
  if (!n || n.kind === 'percentile') throw new Error(`${signal}: no pointwise normalisation in the default model`);
  return n;
}

/** "#rrggbb" → [r, g, b]. */
const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

describe('the default model', () => {
  it('is a valid configuration: the file a team exports before changing anything reads back', () => {
    const check = validateConfig(JSON.parse(JSON.stringify(DEFAULT_CONFIG)));
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  it('weighs Usage 30, Support 20, Billing 20, Engagement 15 and Growth 15, in that order', () => {
    expect(DEFAULT_CONFIG.categories.map((c) => [c.id, c.name, c.weight])).toEqual([
      ['usage', 'Usage', 30],
      ['support', 'Support', 20],
      ['billing', 'Billing', 20],
      ['engagement', 'Engagement', 15],
      ['growth', 'Growth', 15],
    ]);
  });

  it('files every signal under the category the signal catalogue gives it', () => {
    for (const c of DEFAULT_CONFIG.categories) {
      expect(c.signals.length).toBeGreaterThan(0);
      for (const s of c.signals)
        expect([s.signal, SIGNALS.find((x) => x.id === s.signal)?.category]).toEqual([s.signal, c.id]);
    }
  });

  it('scores the reference’s worked example 56, Yellow', () => {
    // Usage 65, Support 50, Billing 80, Engagement 40, Growth 30: 19.5 + 10 + 16 + 6 + 4.5 = 56.
    const categories = [65, 50, 80, 40, 30].map((v) => Float32Array.of(v));
    const [score] = combineScores(categories, weights(), DEFAULT_CONFIG.missing, 1);
    expect(score).toBeCloseTo(56, 5);
    expect(tierAt(score!, DEFAULT_CONFIG.tiers)).toBe('Yellow');
  });

  it('counts a category without data as 50, neither healthy nor at risk', () => {
    expect(DEFAULT_CONFIG.missing).toBe('neutral');
    // Billing unknown: 19.5 + 10 + 20 · 50 / 100 + 6 + 4.5 = 50.
    const categories = [65, 50, Number.NaN, 40, 30].map((v) => Float32Array.of(v));
    expect(combineScores(categories, weights(), DEFAULT_CONFIG.missing, 1)[0]).toBeCloseTo(50, 5);
  });

  it('gives accounts in their first 60 days the onboarding configuration', () => {
    expect(DEFAULT_CONFIG.variants?.map((v) => [v.name, v.when])).toEqual([
      ['Onboarding (first 60 days)', { ageDaysBelow: 60 }],
    ]);
  });
});

describe('the default signals, in account words', () => {
  const at = (signal: string, values: number[]) => values.map((v) => normaliseValue(v, spec(signal)));

  it('NPS: a detractor (0–6) scores 20, a passive (7–8) 60, a promoter (9–10) 100', () => {
    expect(at('nps_latest', [0, 6, 6.9, 7, 8, 9, 10])).toEqual([20, 20, 20, 60, 60, 100, 100]);
  });

  it('NPS answers in 12 months: none 30, one 70, two or more 100', () => {
    expect(at('nps_responses_12m', [0, 1, 2, 5])).toEqual([30, 70, 100, 100]);
  });

  it('the worst invoice: paid on time 100, 1–30 days overdue 60, 31–60 days 30, more than 60 days 0', () => {
    expect(at('max_days_overdue', [0, 1, 30, 31, 60, 61, 200])).toEqual([100, 60, 60, 30, 30, 0, 0]);
  });

  it('escalations in 3 months: none 100, one 60, two or more 20', () => {
    expect(at('escalations_3m', [0, 1, 2, 7])).toEqual([100, 60, 20, 20]);
  });

  it('renewal: within 30 days 40, within 180 days 80, further out 100', () => {
    expect(at('days_to_renewal', [0, 29, 30, 179, 180, 400])).toEqual([40, 40, 80, 80, 100, 100]);
  });

  it('trends: logins or session time down 30 % scores 0, up 5 % scores 100, straight between', () => {
    for (const s of ['logins_trend', 'session_trend']) {
      const [down, flat, up] = at(s, [0.7, 1, 1.05]);
      expect([down, up]).toEqual([0, 100]);
      expect(flat).toBeCloseTo((0.3 / 0.35) * 100, 4);
    }
  });

  it('growth: users down 30 % or API calls down 40 % score 0, up 10 % scores 100', () => {
    expect(at('active_users_change', [0.7, 1.1])).toEqual([0, 100]);
    expect(at('api_calls_trend', [0.6, 1.1])).toEqual([0, 100]);
  });

  it('seats: 35 % used or fewer scores 0, 75 % or more 100; features: 25 % of them 0, 60 % 100', () => {
    const [none, half, most] = at('seat_utilisation', [0.35, 0.55, 0.75]);
    expect([none, most]).toEqual([0, 100]);
    expect(half).toBeCloseTo(50, 9);
    expect(at('feature_breadth', [0.25, 0.6])).toEqual([0, 100]);
  });

  it('support and billing: three times the usual tickets, a CSAT of 3 or three late payments score 0', () => {
    expect(at('ticket_volume_ratio', [3, 2, 1])).toEqual([0, 50, 100]);
    expect(at('csat_last5', [3, 4, 5])).toEqual([0, 50, 100]);
    expect(at('late_payments_6m', [3, 0])).toEqual([0, 100]);
  });

  it('weighs the worst invoice and the latest NPS twice within their categories', () => {
    const w = (signal: string) =>
      DEFAULT_CONFIG.categories.flatMap((c) => c.signals).find((s) => s.signal === signal)?.weight;
    expect([w('max_days_overdue'), w('nps_latest'), w('late_payments_6m'), w('logins_trend')]).toEqual([2, 2, 1, 1]);
  });
});

describe('the tier presets', () => {
  it('offers the traffic light first (the default model’s) and the four tiers second', () => {
    expect(TIER_PRESETS.map((s) => s.id)).toEqual(['traffic-light', 'four-tier']);
    expect(DEFAULT_CONFIG.tiers).toBe(TRAFFIC_LIGHT);
    expect(TIER_PRESETS.map((s) => s.name)).toEqual([
      'Green / Yellow / Red',
      'Healthy / Medium / High risk / Critical',
    ]);
  });

  it('traffic light: Green from 70, Yellow from 40, Red below; a score on a cut gets the upper tier', () => {
    expect([100, 70, 69.99, 40, 39.99, 0].map((s) => tierAt(s, TRAFFIC_LIGHT))).toEqual([
      'Green',
      'Green',
      'Yellow',
      'Yellow',
      'Red',
      'Red',
    ]);
    expect(TRAFFIC_LIGHT.tiers.map((t) => t.id)).toEqual(['green', 'yellow', 'red']);
  });

  it('traffic light playbooks: Red within 48 hours, Yellow within a week, Green no deadline', () => {
    expect(TRAFFIC_LIGHT.tiers.map((t) => t.responseHours)).toEqual([undefined, 168, 48]);
    const [green, yellow, red] = TRAFFIC_LIGHT.tiers.map(playbookText);
    expect(green).toMatch(/^Healthy: look for expansion/);
    expect(yellow).toMatch(/^At risk: proactive check-in/);
    expect(red).toMatch(/^Critical: intervention/);
  });

  it('four tiers: Healthy from 80, Medium from 60, High risk from 40, Critical below', () => {
    expect([80, 79.99, 60, 59.99, 40, 39.99].map((s) => tierAt(s, FOUR_TIER))).toEqual([
      'Healthy',
      'Medium',
      'Medium',
      'High risk',
      'High risk',
      'Critical',
    ]);
    expect(FOUR_TIER.tiers.map((t) => t.id)).toEqual(['healthy', 'medium', 'high-risk', 'critical']);
  });

  it('four-tier playbooks: Critical within 48 hours, High risk within a week, the others on their cadence', () => {
    expect(FOUR_TIER.tiers.map((t) => t.responseHours)).toEqual([undefined, undefined, 168, 48]);
    expect(FOUR_TIER.tiers.map((t) => t.action)).toEqual([
      'Maintain cadence, explore expansion',
      'Standard touchpoints, monitor trends',
      'Risk review with the account team',
      'Executive escalation and save plan',
    ]);
  });

  it('colours each tier as its name says: green, yellow and orange, red', () => {
    // The colour's hue in degrees (HSL): red near 0, orange and yellow 15–65, green 90–150.
    const hue = (hex: string) => {
      const [r, g, b] = rgb(hex).map((x) => x / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const d = max - Math.min(r, g, b);
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      const deg = (h * 60 + 360) % 360;
      return deg < 15 || deg > 345 ? 'red' : deg <= 65 ? 'amber' : deg >= 90 && deg <= 150 ? 'green' : '?';
    };
    expect(TRAFFIC_LIGHT.tiers.map((t) => hue(t.color))).toEqual(['green', 'amber', 'red']);
    expect(FOUR_TIER.tiers.map((t) => hue(t.color))).toEqual(['green', 'amber', 'amber', 'red']);
    expect(new Set(FOUR_TIER.tiers.map((t) => t.color)).size).toBe(4);
  });
});

describe('the default backtest', () => {
  it('asks of the accounts Red at a month-end how many churned within 90 days, over the last 12 months', () => {
    expect(BacktestSettingsSchema.safeParse(DEFAULT_BACKTEST).success).toBe(true);
    const { cadence, outcome, horizonDays, atRiskTiers, windowMonths, overrides } = DEFAULT_BACKTEST;
    expect({ cadence, outcome, horizonDays, windowMonths, overrides }).toEqual({
      cadence: 'monthly',
      outcome: 'churn',
      horizonDays: 90,
      windowMonths: 12,
      // The model is judged alone until the team chooses to count CSM overrides.
      overrides: 'ignore',
    });
    expect(atRiskTiers.map((id) => TRAFFIC_LIGHT.tiers.find((t) => t.id === id)?.name)).toEqual(['Red']);
  });

  it('plans for 100 accounts a month, aims to catch 70 % of churners and judges no group of fewer than 30', () => {
    const { capacityK, targetRecall, minChurners, costMissed, costNeedless } = DEFAULT_BACKTEST;
    expect({ capacityK, targetRecall, minChurners }).toEqual({ capacityK: 100, targetRecall: 0.7, minChurners: 30 });
    // A missed churner costs ten needless check-ins.
    expect(costMissed / costNeedless).toBe(10);
  });
});
