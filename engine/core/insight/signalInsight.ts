/**
 * Every signal and category judged on its own over the evaluated snapshots:
 * how often it can be computed, how well it ranks churners alone (AUC, IV)
 * and the churn rate across its value bands. Shows which signals earn their
 * place before any weight is set.
 */
import type { PredictorInsight } from '../api/schema.js';
import type { Band } from '../calibration/binning.js';
import { SIGNALS } from '../signals/catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { univariatePower } from './univariate.js';

/** The evaluated snapshots: frame rows and their outcomes. */
export interface EvaluatedRows {
  rows: Uint32Array;
  labels: Uint8Array;
}

const bandsOut = (bands: readonly Band[]) =>
  bands.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, churned: b.events, churnRate: b.events / b.count }));

/** One column (a signal's raw values or a category's scores, NaN where unavailable) over the evaluated rows. */
export function predictorInsight(
  column: Float32Array | undefined,
  evaluated: EvaluatedRows,
  about: { id: string; label: string; category: string },
): PredictorInsight {
  const { rows, labels } = evaluated;
  const values: number[] = [];
  const ys: number[] = [];
  if (column) {
    for (let j = 0; j < rows.length; j++) {
      const v = column[rows[j]!]!;
      if (Number.isNaN(v)) continue;
      values.push(v);
      ys.push(labels[j]!);
    }
  }
  const p = univariatePower(Float64Array.from(values), Uint8Array.from(ys));
  return {
    ...about,
    available: p.available,
    coverage: rows.length > 0 ? p.available / rows.length : 0,
    churned: p.churned,
    varies: p.varies,
    auc: p.auc,
    direction: p.direction,
    iv: p.iv,
    bands: bandsOut(p.bands),
  };
}

/**
 * Every catalogue signal, raw values (a signal the data lacks has coverage 0), then the configuration's
 * custom signals, read from the frame built with them.
 */
export function signalInsight(
  frame: SnapshotFrame,
  evaluated: EvaluatedRows,
  custom: readonly { id: string; label: string; category: string }[] = [],
): PredictorInsight[] {
  return [...SIGNALS, ...custom].map((s) =>
    predictorInsight((frame.values as Record<string, Float32Array | undefined>)[s.id], evaluated, {
      id: s.id,
      label: s.label,
      category: s.category,
    }),
  );
}

/** Strongest first: by AUC, then IV; columns that cannot be judged last. */
export function byPower(a: PredictorInsight, b: PredictorInsight): number {
  return (b.auc ?? -1) - (a.auc ?? -1) || b.iv - a.iv || b.coverage - a.coverage;
}
