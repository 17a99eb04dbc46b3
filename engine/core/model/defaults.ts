/**
 * The common five-category model (Usage 30, Support 20, Billing 20,
 * Engagement 15, Growth 15) and the two usual tier presets. Normalisation
 * bounds follow typical playbook rules, e.g. logins down by half score 0,
 * stable or up scores 100. Accounts in their first 60 days get the
 * onboarding configuration: their 90-day trends do not exist yet, so the
 * guidance scores adoption, first support experience and paying on time.
 */
import type { BacktestSettings, ModelConfig, TierScheme } from '../api/schema.js';
import { onboardingVariant } from './variantTemplates.js';

export const TRAFFIC_LIGHT: TierScheme = {
  id: 'traffic-light',
  name: 'Green / Yellow / Red',
  tiers: [
    { id: 'green', name: 'Green', color: '#2f9e44', min: 70, action: 'Healthy: look for expansion' },
    {
      id: 'yellow',
      name: 'Yellow',
      color: '#f08c00',
      min: 40,
      action: 'At risk: proactive check-in',
      responseHours: 168,
    },
    { id: 'red', name: 'Red', color: '#e03131', min: 0, action: 'Critical: intervention', responseHours: 48 },
  ],
};

export const FOUR_TIER: TierScheme = {
  id: 'four-tier',
  name: 'Healthy / Medium / High risk / Critical',
  tiers: [
    { id: 'healthy', name: 'Healthy', color: '#2f9e44', min: 80, action: 'Maintain cadence, explore expansion' },
    { id: 'medium', name: 'Medium', color: '#fab005', min: 60, action: 'Standard touchpoints, monitor trends' },
    {
      id: 'high-risk',
      name: 'High risk',
      color: '#f76707',
      min: 40,
      action: 'Risk review with the account team',
      responseHours: 168,
    },
    {
      id: 'critical',
      name: 'Critical',
      color: '#e03131',
      min: 0,
      action: 'Executive escalation and save plan',
      responseHours: 48,
    },
  ],
};

export const TIER_PRESETS: TierScheme[] = [TRAFFIC_LIGHT, FOUR_TIER];

const FIVE_CATEGORIES: ModelConfig = {
  schemaVersion: 1,
  name: 'Default five-category model',
  missing: 'neutral',
  tiers: TRAFFIC_LIGHT,
  categories: [
    {
      id: 'usage',
      name: 'Usage',
      weight: 30,
      signals: [
        { signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0.7, best: 1.05 } },
        { signal: 'feature_breadth', weight: 1, normalisation: { kind: 'linear', worst: 0.25, best: 0.6 } },
        { signal: 'session_trend', weight: 1, normalisation: { kind: 'linear', worst: 0.7, best: 1.05 } },
      ],
    },
    {
      id: 'support',
      name: 'Support',
      weight: 20,
      signals: [
        { signal: 'ticket_volume_ratio', weight: 1, normalisation: { kind: 'linear', worst: 3, best: 1 } },
        { signal: 'csat_last5', weight: 1, normalisation: { kind: 'linear', worst: 3, best: 5 } },
        { signal: 'escalations_3m', weight: 1, normalisation: { kind: 'bands', edges: [1, 2], scores: [100, 60, 20] } },
      ],
    },
    {
      id: 'billing',
      name: 'Billing',
      weight: 20,
      signals: [
        {
          signal: 'max_days_overdue',
          weight: 2,
          normalisation: { kind: 'bands', edges: [1, 31, 61], scores: [100, 60, 30, 0] },
        },
        { signal: 'late_payments_6m', weight: 1, normalisation: { kind: 'linear', worst: 3, best: 0 } },
        {
          signal: 'days_to_renewal',
          weight: 1,
          normalisation: { kind: 'bands', edges: [30, 180], scores: [40, 80, 100] },
        },
      ],
    },
    {
      id: 'engagement',
      name: 'Engagement',
      weight: 15,
      signals: [
        { signal: 'nps_latest', weight: 2, normalisation: { kind: 'bands', edges: [7, 9], scores: [20, 60, 100] } },
        {
          signal: 'nps_responses_12m',
          weight: 1,
          normalisation: { kind: 'bands', edges: [1, 2], scores: [30, 70, 100] },
        },
      ],
    },
    {
      id: 'growth',
      name: 'Growth',
      weight: 15,
      signals: [
        { signal: 'active_users_change', weight: 1, normalisation: { kind: 'linear', worst: 0.7, best: 1.1 } },
        { signal: 'seat_utilisation', weight: 1, normalisation: { kind: 'linear', worst: 0.35, best: 0.75 } },
        { signal: 'api_calls_trend', weight: 1, normalisation: { kind: 'linear', worst: 0.6, best: 1.1 } },
      ],
    },
  ],
};

export const DEFAULT_CONFIG: ModelConfig = {
  ...FIVE_CATEGORIES,
  variants: [onboardingVariant(FIVE_CATEGORIES)],
};

export const DEFAULT_BACKTEST: BacktestSettings = {
  cadence: 'monthly',
  overrides: 'ignore',
  outcome: 'churn',
  horizonDays: 90,
  atRiskTiers: ['red'],
  windowMonths: 12,
  capacityK: 100,
  targetRecall: 0.7,
  minChurners: 30,
  costMissed: 10,
  costNeedless: 1,
};
