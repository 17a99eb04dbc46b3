/** In-memory snapshot frames and tiny configs with hand-computable scores. */
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';

/** A frame with the given raw values for a few signals (others unavailable). */
export function frameOf(
  rows: Partial<Record<SignalId, number>>[],
  extra: Partial<
    Pick<
      SnapshotFrame,
      | 'segment'
      | 'daysToChurn'
      | 'observedDays'
      | 'period'
      | 'account'
      | 'daysToLapse'
      | 'overrideIdx'
      | 'ageDays'
      | 'arr'
      | 'plan'
      | 'region'
    >
  > & { overrides?: SnapshotFrame['meta']['overrides'] } = {},
  segments = ['Enterprise', 'SMB'],
  months = ['2025-01-31'],
): SnapshotFrame {
  const n = rows.length;
  const values = {} as Record<SignalId, Float32Array>;
  for (const s of SIGNAL_IDS) values[s] = Float32Array.from(rows, (r) => r[s] ?? Number.NaN);
  return {
    meta: {
      cadence: 'monthly',
      periods: months,
      segments,
      plans: ['Starter'],
      regions: ['NA'],
      sourceLastDates: {},
      accountIds: rows.map((_, i) => `A${i}`),
      accountNames: rows.map((_, i) => `Account ${i}`),
      observedThrough: '2025-12-31',
      signals: [...SIGNAL_IDS],
      usageIntervalDays: 7,
      overrides: extra.overrides ?? [],
    },
    n,
    account: extra.account ?? Int32Array.from(rows, (_, i) => i),
    period: extra.period ?? new Uint16Array(n),
    segment: extra.segment ?? new Uint8Array(n),
    plan: extra.plan ?? new Uint8Array(n),
    region: extra.region ?? new Uint8Array(n),
    onboarding: new Uint8Array(n),
    ageDays: extra.ageDays ?? new Uint16Array(n).fill(365),
    arr: extra.arr ?? new Float32Array(n),
    daysToChurn: extra.daysToChurn ?? new Float32Array(n).fill(Number.NaN),
    daysToLapse: extra.daysToLapse ?? new Float32Array(n).fill(Number.NaN),
    observedDays: extra.observedDays ?? new Float32Array(n).fill(365),
    values,
    overrideIdx: extra.overrideIdx ?? new Int32Array(n).fill(-1),
  };
}

/** Two categories with one signal each, linear 0..100 on the raw value, so scores are easy to hand-compute. */
export function simpleConfig(
  wA: number,
  wB: number,
  tiers = TRAFFIC_LIGHT,
  missing: ModelConfig['missing'] = 'neutral',
): ModelConfig {
  return ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'simple',
    missing,
    tiers,
    categories: [
      {
        id: 'a',
        name: 'A',
        weight: wA,
        signals: [{ signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
      },
      {
        id: 'b',
        name: 'B',
        weight: wB,
        signals: [{ signal: 'csat_last5', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100 } }],
      },
    ],
  });
}
