/**
 * The three suggested cut points ("at risk when score < T") worked by hand
 * from churners and stayers per score bin: the best F1, the best precision
 * reaching the target recall, the lowest cost of errors; the lowest T on ties;
 * only cuts whose at-risk set churns at least 1.2× the base rate; and what the
 * note says when no cut is suggested.
 */
import { describe, expect, it } from 'vitest';
import type { BacktestSettings, Confusion, CutSuggestion } from '../../engine/core/api/schema.js';
import { BINS } from '../../engine/core/backtest/histograms.js';
import { suggestCuts } from '../../engine/core/backtest/cutSuggestions.js';

type Settings = Pick<BacktestSettings, 'targetRecall' | 'costMissed' | 'costNeedless'>;
const SETTINGS: Settings = { targetRecall: 0.7, costMissed: 10, costNeedless: 1 };

/** Per-bin counts from {bin: count}. */
const bins = (counts: Record<number, number>) => Array.from({ length: BINS }, (_, b) => counts[b] ?? 0);

/** What a CSM reads of each suggestion: goal, T, the confusion matrix, the cost, the share flagged, the note. */
const read = (cuts: CutSuggestion[]) =>
  cuts.map((c) => [c.goal, c.threshold, c.metrics?.confusion ?? null, c.cost, c.flaggedShare, c.note]);
const confusion = (tp: number, fp: number, fn: number, tn: number): Confusion => ({ tp, fp, fn, tn });
const noLift = (base: string) =>
  `no cut point gives an at-risk set that churns at least 1.2× the base rate of ${base}; every candidate flags accounts little better than at random`;

describe('suggested cut points', () => {
  it('picks the best F1, the most precise cut reaching the target recall and the cheapest, each at its lowest T', () => {
    // 5 churners, 15 stayers (base rate 25 %; the guard needs a precision of 30 %). As T grows:
    //   T  6–15: tp 2, fp 0  F1 4/7   recall 0.4  cost 10·3 + 0 = 30
    //   T 16–25: tp 3, fp 1  F1 6/9   recall 0.6  cost 21
    //   T 26–45: tp 4, fp 3  F1 8/12  recall 0.8  precision 4/7  cost 13
    //   T 46–60: tp 4, fp 5  F1 8/14  recall 0.8  precision 4/9  cost 15
    //   T 61–80: tp 5, fp 8  F1 10/18 recall 1    precision 5/13 cost 8
    //   T 81–100: tp 5, fp 15, precision 25 %: below the guard.
    // F1 ties at 6/9 = 8/12: the lower cut (T = 16) wins.
    const pos = bins({ 5: 2, 15: 1, 25: 1, 60: 1 });
    const neg = bins({ 15: 1, 25: 2, 45: 2, 60: 3, 80: 7 });
    expect(read(suggestCuts(pos, neg, SETTINGS))).toEqual([
      ['max-f1', 16, confusion(3, 1, 2, 14), null, 4 / 20, null],
      ['target-recall', 26, confusion(4, 3, 1, 12), null, 7 / 20, null],
      ['min-cost', 61, confusion(5, 8, 0, 7), 8, 13 / 20, null],
    ]);
    const [f1] = suggestCuts(pos, neg, SETTINGS);
    expect([f1!.metrics!.precision, f1!.metrics!.recall, f1!.metrics!.specificity]).toEqual([3 / 4, 3 / 5, 14 / 15]);
  });

  it('can suggest T = 100, which puts every score below 100 at risk but never a score of 100', () => {
    // Churners score 99, stayers 100: T = 100 separates them exactly.
    const cuts = suggestCuts(bins({ 99: 2 }), bins({ 100: 2 }), SETTINGS);
    expect(read(cuts)).toEqual([
      ['max-f1', 100, confusion(2, 0, 0, 2), null, 2 / 4, null],
      ['target-recall', 100, confusion(2, 0, 0, 2), null, 2 / 4, null],
      ['min-cost', 100, confusion(2, 0, 0, 2), 0, 2 / 4, null],
    ]);
  });

  it('keeps a cut whose at-risk set churns exactly 1.2× the base rate', () => {
    // Base rate 5 / 20 = 25 %; below T = 11 the at-risk set churns 3 / 10 = 30 % = 1.2 × 25 %, flagging everyone 25 %.
    const cuts = suggestCuts(bins({ 10: 3, 90: 2 }), bins({ 10: 7, 90: 8 }), SETTINGS);
    expect(read(cuts)).toEqual([
      ['max-f1', 11, confusion(3, 7, 2, 8), null, 10 / 20, null],
      [
        'target-recall',
        null,
        null,
        null,
        null,
        'reaching 70.0 % recall needs a cut whose at-risk set churns less than 1.2× the base rate of 25.0 %; lower the target recall',
      ],
      ['min-cost', 11, confusion(3, 7, 2, 8), 10 * 2 + 7, 10 / 20, null],
    ]);
  });

  it('counts a recall equal to the target as reaching it, however the target was typed', () => {
    // 0.1 + 0.2 is 0.30000000000000004; 3 of 10 churners below T = 11 is 0.3 and meets it.
    const cuts = suggestCuts(bins({ 10: 3, 50: 7 }), bins({ 50: 10 }), { ...SETTINGS, targetRecall: 0.1 + 0.2 });
    expect(cuts[1]!.threshold).toBe(11);
    expect(cuts[1]!.metrics!.recall).toBe(0.3);
  });
});

describe('no cut point suggested', () => {
  it('without churners: says so for F1, that the recall is out of reach, and that no cut beats random for cost', () => {
    expect(read(suggestCuts(bins({}), bins({ 30: 4 }), SETTINGS))).toEqual([
      ['max-f1', null, null, null, null, 'no churners in the window'],
      ['target-recall', null, null, null, null, 'no cut point reaches 70.0 % recall'],
      ['min-cost', null, null, null, null, noLift('0.0 %')],
    ]);
  });

  it('when every churner scores 100, which no cut point can put at risk', () => {
    expect(read(suggestCuts(bins({ 100: 1 }), bins({ 50: 1 }), SETTINGS))).toEqual([
      ['max-f1', null, null, null, null, noLift('50.0 %')],
      ['target-recall', null, null, null, null, 'no cut point reaches 70.0 % recall'],
      ['min-cost', null, null, null, null, noLift('50.0 %')],
    ]);
  });

  it('with no snapshots at all: no threshold and nothing to explain', () => {
    expect(read(suggestCuts(bins({}), bins({}), SETTINGS))).toEqual([
      ['max-f1', null, null, null, null, null],
      ['target-recall', null, null, null, null, null],
      ['min-cost', null, null, null, null, null],
    ]);
  });
});
