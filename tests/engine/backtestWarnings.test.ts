/**
 * The backtest's warnings, each at its threshold: too few churners, a source
 * that stopped more than 31 days before the last evaluated month-end, too
 * many CSM overrides, and an evaluation overlapping the fitting months.
 */
import { describe, expect, it } from 'vitest';
import type { BacktestSettings } from '../../engine/core/api/schema.js';
import { backtestWarnings } from '../../engine/core/backtest/warnings.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf } from './frames.js';

const periods = ['2025-01-31', '2025-02-28', '2025-03-31'];

function warnings({
  positives = 40,
  overrideRate = 0,
  sourceLastDates = {},
  windowPeriods = periods,
  settings = {},
}: {
  positives?: number;
  overrideRate?: number;
  sourceLastDates?: Record<string, string | null>;
  windowPeriods?: string[];
  settings?: Partial<BacktestSettings>;
}) {
  const frame = frameOf([{}], {}, ['Enterprise'], periods);
  frame.meta.sourceLastDates = sourceLastDates;
  const n = windowPeriods.length;
  return backtestWarnings({
    frame,
    window: { inWindow: new Uint8Array(n).fill(1), observed: new Uint8Array(n).fill(1), periods: windowPeriods },
    settings: { ...DEFAULT_BACKTEST, ...settings },
    asOf: '2025-03-31',
    positives,
    overrideRate,
  });
}

describe('the backtest warns', () => {
  it('of too few churners to judge below the minimum, not at it', () => {
    expect(warnings({ positives: 30 })).toEqual([]);
    expect(warnings({ positives: 29 })).toEqual([
      { kind: 'small-sample', message: 'Only 29 churners in the window (fewer than 30): too few to judge.' },
    ]);
  });

  it('of a source that ends more than 31 days before the last evaluated month-end, naming it and the gap', () => {
    const w = warnings({
      sourceLastDates: {
        usage: '2025-02-28', // 31 days before 31 March: fresh enough
        tickets: '2025-02-27', // 32 days: stale
        invoices: null, // not loaded
        churn: '2024-06-30', // churn dates are outcomes, not signals
      },
    });
    expect(w).toEqual([
      {
        kind: 'stale-source',
        message:
          'tickets ends on 2025-02-27, 32 days before the last evaluated month-end (2025-03-31): its signals are stale there.',
      },
    ]);
  });

  it('of staleness only against a window with months in it', () => {
    expect(warnings({ sourceLastDates: { usage: '2024-01-31' }, windowPeriods: [] })).toEqual([]);
  });

  it('of CSM overrides on more than 10 % of accounts, not on 10 % exactly', () => {
    expect(warnings({ overrideRate: 0.1 })).toEqual([]);
    expect(warnings({ overrideRate: 0.1234 })).toEqual([
      {
        kind: 'override-rate',
        message:
          '12.3 % of accounts carry a CSM override at 2025-03-31 (above 10 %): the score disagrees with the team too often to be trusted as it is.',
      },
    ]);
  });

  it('of an evaluation overlapping the fitting months, after the other warnings', () => {
    const w = warnings({
      positives: 5,
      settings: { fittedOn: { from: '2025-02-28', to: '2025-03-31', fitted: 'weights' } },
    });
    expect(w.map((x) => x.kind)).toEqual(['small-sample', 'fitted-on-window']);
    expect(w[1]!.message).toBe(
      'The category weights were fitted on Feb–Mar 2025, which this evaluation overlaps (2 of its 3 month-ends): its numbers flatter them. Evaluate from Apr 2025.',
    );
  });
});
