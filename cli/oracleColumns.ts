/**
 * Columns `backtest --snapshots-out` adds so the backtest can be recomputed
 * from the file alone by an independent program (tests/reference/pipeline_oracle.py):
 * whether the snapshot was evaluated, the raw outcome timing (days to the
 * outcome, days observed after the snapshot) from which its label and
 * censoring follow, and each category's score, from which its overall score
 * follows under the configuration's weights; what the configurations'
 * rules look at (plan, region, ARR and age at the snapshot; the segment is a
 * column of the table already), so the oracle assigns configurations itself;
 * and the CSM override in force (its tier label and score as exported, blank
 * when none), so it can apply overrides itself. Kept apart from the table's
 * own columns so either can grow without the other.
 */
import type { BacktestSettings, ModelConfig } from '../engine/core/api/schema.js';
import { configurationOf, scoreFrame } from '../engine/core/scoring/score.js';
import { AGE_UNKNOWN } from '../engine/core/snapshots/frame.js';
import type { SnapshotFrame } from '../engine/core/snapshots/frame.js';
import type { Cell, Table } from './tables.js';

const numberOrBlank = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * `table` with the oracle's columns appended; `rows` are the frame rows of its
 * rows (in order), `evaluated` the frame rows the backtest judged.
 */
export function withOracleColumns(
  table: Table,
  frame: SnapshotFrame,
  config: ModelConfig,
  settings: BacktestSettings,
  rows: ArrayLike<number>,
  evaluated: ArrayLike<number>,
): Table {
  const fs = scoreFrame(frame, config);
  const judged = new Uint8Array(frame.n);
  for (let j = 0; j < evaluated.length; j++) judged[evaluated[j]!] = 1;
  // One column per category id across every configuration; blank where the snapshot's configuration lacks it.
  const categoryIds = [...new Set(fs.configurations.flatMap((c) => c.categories.map((k) => k.id)))];
  const days = settings.outcome === 'renewal' ? frame.daysToLapse : frame.daysToChurn;
  const header = [
    ...table.header,
    'evaluated',
    'days_to_outcome',
    'observed_days',
    'rule_plan',
    'rule_region',
    'rule_arr',
    'rule_age_days',
    'override_tier',
    'override_score',
    ...categoryIds.map((id) => `category_${id}`),
  ];
  const out = Array.from(rows, (i, r): Cell[] => {
    const c = configurationOf(fs, i);
    const own = fs.configurations[c]!.categories.map((k) => k.id);
    const o = frame.overrideIdx[i]! >= 0 ? frame.meta.overrides[frame.overrideIdx[i]!]! : null;
    return [
      ...table.rows[r]!,
      judged[i] === 1,
      numberOrBlank(days[i]!),
      frame.observedDays[i]!,
      frame.meta.plans[frame.plan[i]!]!,
      frame.meta.regions[frame.region[i]!]!,
      numberOrBlank(frame.arr[i]!),
      frame.ageDays[i] === AGE_UNKNOWN ? null : frame.ageDays[i]!,
      o?.tier ?? null,
      o?.score ?? null,
      ...categoryIds.map((id) => {
        const k = own.indexOf(id);
        return k < 0 ? null : numberOrBlank(fs.categoryScores[c]![k]![i]!);
      }),
    ];
  });
  return { header, rows: out };
}
