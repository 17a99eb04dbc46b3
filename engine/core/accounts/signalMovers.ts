/**
 * Which signals moved an account's score since the previous snapshot: each
 * signal's normalised score then and now, and roughly how many points of the
 * overall score its change accounts for (its share of the category times the
 * category's weight), largest first.
 */
import type { ModelConfig } from '../api/schema.js';
import { normaliseValue, percentileColumn } from '../scoring/normalise.js';
import { signalValues } from '../scoring/seasonal.js';
import { SIGNALS } from '../signals/catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export interface SignalMove {
  signal: string;
  label: string;
  from: number | null;
  to: number | null;
  points: number;
}

/** Normalised score of every configured signal input, by category and signal (percentiles ranked once). */
export function signalScorer(
  frame: SnapshotFrame,
  config: Pick<ModelConfig, 'categories' | 'baseline'>,
): (i: number) => { category: number; signal: string; weightShare: number; value: number; score: number }[] {
  const inputs = config.categories.flatMap((c, ci) => {
    const total = c.signals.reduce((t, s) => t + s.weight, 0);
    return c.signals.map((s) => ({
      category: ci,
      signal: s.signal,
      share: s.weight / total,
      values: signalValues(frame, s.signal, config.baseline),
      ranked:
        s.normalisation.kind === 'percentile'
          ? percentileColumn(frame, signalValues(frame, s.signal, config.baseline), s.normalisation)
          : null,
      spec: s.normalisation.kind === 'percentile' ? null : s.normalisation,
    }));
  });
  return (i) =>
    inputs.map((x) => ({
      category: x.category,
      signal: x.signal,
      weightShare: x.share,
      value: x.values[i]!,
      score: x.ranked ? x.ranked[i]! : normaliseValue(x.values[i]!, x.spec!),
    }));
}

/** What a signal is called on screen: a custom signal's own label, a built-in's catalogue label. */
export function signalLabel(signal: string, customSignals: readonly { id: string; label: string }[] = []): string {
  return customSignals.find((s) => s.id === signal)?.label ?? SIGNALS.find((s) => s.id === signal)?.label ?? signal;
}

export function signalMovers(
  config: Pick<ModelConfig, 'categories' | 'customSignals'>,
  now: ReturnType<ReturnType<typeof signalScorer>>,
  before: ReturnType<ReturnType<typeof signalScorer>> | null,
  limit = 3,
): SignalMove[] {
  if (!before) return [];
  const moves: SignalMove[] = now.map((x, k) => {
    const a = before[k]!.score;
    const b = x.score;
    const both = a === a && b === b;
    const points = both ? ((b - a) * x.weightShare * config.categories[x.category]!.weight) / 100 : 0;
    return {
      signal: x.signal,
      label: signalLabel(x.signal, config.customSignals),
      from: a === a ? a : null,
      to: b === b ? b : null,
      points,
    };
  });
  return moves
    .filter((m) => Math.abs(m.points) >= 0.5 || (m.from === null) !== (m.to === null))
    .sort((p, q) => Math.abs(q.points) - Math.abs(p.points))
    .slice(0, limit);
}
