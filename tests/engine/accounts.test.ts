import { describe, expect, it, vi } from 'vitest';
import { accountLister, listAccounts } from '../../engine/core/accounts/listAccounts.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

// Three accounts over two month-ends: A0 falls 30 points, A1 is steady, A2 has no data at all.
const frame = frameOf(
  [
    { logins_trend: 90, csat_last5: 90 },
    { logins_trend: 50, csat_last5: 50 },
    {},
    { logins_trend: 60, csat_last5: 60 },
    { logins_trend: 52, csat_last5: 50 },
    {},
  ],
  {
    account: Int32Array.from([0, 1, 2, 0, 1, 2]),
    period: Uint16Array.from([0, 0, 0, 1, 1, 1]),
  },
  ['SMB'],
  ['2025-01-31', '2025-02-28'],
);
const config = simpleConfig(60, 40, undefined, 'reweight');
const req = {
  config,
  backtest: DEFAULT_BACKTEST,
  asOf: '2025-02-28',
  sort: 'score-asc' as const,
  tierId: null,
  search: '',
  offset: 0,
  limit: 10,
};

describe('account list', () => {
  it('lists every account at the date, lowest score first, unscored last', () => {
    const r = listAccounts(frame, req);
    expect(r.total).toBe(3);
    expect(r.rows.map((x) => [x.accountId, x.score === null ? null : Math.round(x.score * 10) / 10])).toEqual([
      ['A1', 51.2],
      ['A0', 60],
      ['A2', null],
    ]);
    expect(r.rows[2]!.tierId).toBeNull();
  });
  it('explains each score: contributions add up to it, weakest and strongest named', () => {
    const a1 = listAccounts(frame, req).rows[0]!;
    expect(a1.categories.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(a1.score!, 4);
    expect(a1.weakest).toBe('B');
    expect(a1.strongest).toBe('A');
    expect(a1.explanation).toBe('B (50) is pulling the score down; A (52) is strong.');
  });
  it('reports the change since the previous snapshot and sorts by the biggest drop', () => {
    const r = listAccounts(frame, { ...req, sort: 'change-asc' });
    expect(r.rows[0]!.accountId).toBe('A0');
    expect(r.rows[0]!.change).toBeCloseTo(-30, 4);
    expect(r.rows[0]!.previousScore).toBeCloseTo(90, 4);
  });
  it('names the signals that moved the score, with their points, largest first', () => {
    const [a0, a1] = ['A0', 'A1'].map((id) => listAccounts(frame, { ...req, search: id }).rows[0]!);
    // A0: both signals 90 → 60; A: 30 × 60 % = 18 points, B: 30 × 40 % = 12 points; together the 30-point drop.
    expect(a0!.movers.map((m) => [m.signal, m.from, m.to, Math.round(m.points * 10) / 10])).toEqual([
      ['logins_trend', 90, 60, -18],
      ['csat_last5', 90, 60, -12],
    ]);
    // A1 moved 1.2 points in all: only the signal over half a point is named.
    expect(a1!.movers.map((m) => [m.signal, Math.round(m.points * 10) / 10])).toEqual([['logins_trend', 1.2]]);
  });
  it('filters by tier and by name or id, and pages', () => {
    expect(listAccounts(frame, { ...req, tierId: 'yellow' }).total).toBe(2);
    expect(listAccounts(frame, { ...req, search: 'account 1' }).rows.map((x) => x.accountId)).toEqual(['A1']);
    expect(listAccounts(frame, { ...req, offset: 1, limit: 1 }).rows.map((x) => x.accountId)).toEqual(['A0']);
  });
  it('scores the frame once for all the pages of a list, also when each page brings its own copy of the model', () => {
    const score = vi.fn(scoreFrame);
    const list = accountLister(score);
    const pages = [0, 1, 2].map((offset) => list(frame, { ...req, config: structuredClone(config), offset, limit: 1 }));
    expect(score).toHaveBeenCalledTimes(1);
    expect(pages.map((p) => p.rows.map((r) => r.accountId))).toEqual([['A1'], ['A0'], ['A2']]);
    // Another sort or filter pages the same scores.
    expect(list(frame, { ...req, sort: 'change-asc' }).rows[0]!.accountId).toBe('A0');
    expect(score).toHaveBeenCalledTimes(1);
    // A weight move is another model: scored again, and listed by the new scores.
    const moved = list(frame, { ...req, config: simpleConfig(0, 100, undefined, 'reweight') });
    expect(score).toHaveBeenCalledTimes(2);
    // B alone: A1 at 50 (not 51.2), A0 at 60.
    expect(moved.rows.map((r) => [r.accountId, r.score])).toEqual([
      ['A1', 50],
      ['A0', 60],
      ['A2', null],
    ]);
  });
});
