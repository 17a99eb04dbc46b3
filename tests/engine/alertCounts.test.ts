/**
 * The alert backtest on six accounts over four month-ends, every alert worked by hand: entering a worse
 * tier (and staying there at the next snapshot), the worst tier twice in a row once per streak, a gap
 * month, an unscored snapshot and an unevaluated one. Both the row-by-row count and the one read off
 * score histograms (what a cut-point move uses) must give these figures.
 */
import { describe, expect, it } from 'vitest';
import type { AlertStat } from '../../engine/core/api/schema.js';
import {
  alertBacktest,
  alertHistograms,
  alertsFromHistograms,
  neighbourRows,
  tiersOfRows,
} from '../../engine/core/backtest/alerts.js';
import { FOUR_TIER, TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { tierIndex } from '../../engine/core/scoring/tiers.js';
import { frameOf } from './frames.js';

const U = Number.NaN; // unscored
// [account, period, score, label (1 churned within the horizon, 0 stayed, -1 not evaluated)], by period.
// Account 4 has no snapshot on 28 February; account 3 is unscored then; account 5's February row is not evaluated.
const ROWS: [number, number, number, number][] = [
  [0, 0, 85, 0],
  [1, 0, 85, 0],
  [2, 0, 30, 0],
  [3, 0, 50, 0],
  [4, 0, 65, 0],
  [5, 0, 70, 0],
  [0, 1, 65, 0],
  [1, 1, 45, 0],
  [2, 1, 30, 1],
  [3, 1, U, 0],
  [5, 1, 35, -1],
  [0, 2, 65, 1],
  [1, 2, 85, 0],
  [2, 2, 30, 1],
  [3, 2, 30, 1],
  [4, 2, 30, 0],
  [5, 2, 35, 1],
  [0, 3, 30, 1],
  [1, 3, 85, 0],
  [2, 3, 30, 1],
  [3, 3, 30, 1],
  [4, 3, 30, 0],
];

function fixture() {
  const frame = frameOf(
    ROWS.map(() => ({})),
    { account: Int32Array.from(ROWS, (r) => r[0]), period: Uint16Array.from(ROWS, (r) => r[1]) },
    ['SMB'],
    ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'],
  );
  // frameOf names one account per row; the frame has six.
  frame.meta.accountIds = ['A0', 'A1', 'A2', 'A3', 'A4', 'A5'];
  const label = Int8Array.from(ROWS, (r) => r[3]);
  const bins = Int16Array.from(ROWS, (r) => (Number.isNaN(r[2]) ? -1 : r[2]));
  return { frame, label, bins };
}

const stat = (id: string, label: string, confirmed: boolean, alerts: number, followedByChurn: number): AlertStat => ({
  id,
  label,
  confirmed,
  alerts,
  followedByChurn,
  precision: alerts > 0 ? followedByChurn / alerts : null,
});

/**
 * Four tiers (80 / 60 / 40). Entering Medium: accounts 0 and 1 in February, both stayed; confirmed only
 * for account 0 (still Medium in March, churned). Entering High risk: account 1 in February (stayed),
 * account 5 in February (not evaluated: left out), account 0 in April (churned); confirmed: account 5,
 * judged at its March snapshot. Entering Critical: account 5 (left out) and account 0 in April; account
 * 3's unscored February does not count as a tier left. Critical twice in a row: account 2 in February
 * (once for the whole streak), 5 in March, 3 in April (after its unscored month), 4 in April (after its
 * gap), which stayed.
 */
const FOUR_TIER_ALERTS: AlertStat[] = [
  stat('enter-medium', 'Healthy → Medium or worse', false, 2, 0),
  stat('enter-medium-confirmed', 'Healthy → Medium or worse', true, 1, 1),
  stat('enter-high-risk', 'Medium → High risk or worse', false, 2, 1),
  stat('enter-high-risk-confirmed', 'Medium → High risk or worse', true, 1, 1),
  stat('enter-critical', 'High risk → Critical', false, 1, 1),
  stat('enter-critical-confirmed', 'High risk → Critical', true, 1, 1),
  stat('critical-two-periods', 'Critical at two snapshots in a row (30+ days at monthly cadence)', true, 4, 3),
];

/**
 * Green / Yellow / Red (70 / 40). Entering Yellow: accounts 0 and 1 in February (stayed); confirmed for
 * 0 (Yellow in March, churned) and 5 (Red in March, churned; its February row is not judged but the
 * confirmation is). Entering Red: account 0 in April; confirmed: account 5. Red twice: 2, 5, 3 and 4.
 */
const TRAFFIC_LIGHT_ALERTS: AlertStat[] = [
  stat('enter-yellow', 'Green → Yellow or worse', false, 2, 0),
  stat('enter-yellow-confirmed', 'Green → Yellow or worse', true, 2, 2),
  stat('enter-red', 'Yellow → Red', false, 1, 1),
  stat('enter-red-confirmed', 'Yellow → Red', true, 1, 1),
  stat('red-two-periods', 'Red at two snapshots in a row (30+ days at monthly cadence)', true, 4, 3),
];

describe('neighbourRows', () => {
  it("links each row to the same account's row one snapshot before and after, not across a gap", () => {
    const { prev, next } = neighbourRows(fixture().frame);
    expect(Array.from(prev)).toEqual([-1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 5, 6, 7, 8, 9, -1, 10, 11, 12, 13, 14, 15]);
    expect(Array.from(next)).toEqual([
      6, 7, 8, 9, -1, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, -1, -1, -1, -1, -1, -1,
    ]);
  });
  it('refuses rows that are not ordered by snapshot date', () => {
    const frame = frameOf([{}, {}], { period: Uint16Array.from([1, 0]) }, ['SMB'], ['2025-01-31', '2025-02-28']);
    expect(() => neighbourRows(frame)).toThrow('snapshot rows must be ordered by month');
    // Equal dates are in order.
    const same = frameOf([{}, {}], { period: Uint16Array.from([1, 1]) }, ['SMB'], ['2025-01-31', '2025-02-28']);
    expect(Array.from(neighbourRows(same).prev)).toEqual([-1, -1]);
  });
});

describe('alert backtest, row by row', () => {
  for (const [scheme, expected] of [
    [FOUR_TIER, FOUR_TIER_ALERTS],
    [TRAFFIC_LIGHT, TRAFFIC_LIGHT_ALERTS],
  ] as const) {
    it(`counts every alert and how many were followed by churn (${scheme.id})`, () => {
      const { frame, label, bins } = fixture();
      const { prev, next } = neighbourRows(frame);
      const tier = Int8Array.from(bins, (b) => (b < 0 ? -1 : tierIndex(b, scheme)));
      expect(alertBacktest(scheme, tier, label, prev, next)).toStrictEqual(expected);
    });
  }
  it('gives a precision of null, not 0 / 0, to an alert that never fired', () => {
    const { frame, label, bins } = fixture();
    const { prev, next } = neighbourRows(frame);
    const none = Int8Array.from(bins, () => 0);
    const stats = alertBacktest(TRAFFIC_LIGHT, none, label, prev, next);
    expect(stats.map((s) => [s.alerts, s.precision])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [0, null],
      [0, null],
    ]);
  });
});

describe('alert counts read off score histograms', () => {
  for (const [scheme, expected] of [
    [FOUR_TIER, FOUR_TIER_ALERTS],
    [TRAFFIC_LIGHT, TRAFFIC_LIGHT_ALERTS],
  ] as const) {
    it(`give the hand-worked figures (${scheme.id})`, () => {
      const { frame, label, bins } = fixture();
      const { prev, next } = neighbourRows(frame);
      expect(alertsFromHistograms(scheme, alertHistograms(bins, label, prev, next))).toStrictEqual(expected);
    });
  }
  it('lay the cells out [label][previous bin][bin], with bin 101 for no snapshot two back', () => {
    const { frame, label, bins } = fixture();
    const { prev, next } = neighbourRows(frame);
    const h = alertHistograms(bins, label, prev, next);
    const nonZero = (arr: Int32Array) =>
      Array.from(arr.entries())
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => [Math.floor(k / 102 / 102), Math.floor(k / 102) % 102, k % 102, v]);
    // [label, previous bin, bin, count]. Enter: every scored pair whose current row is judged (account 5's
    // February row is not); account 2's three Critical pairs and account 3's April one make the 4.
    expect(nonZero(h.enter)).toEqual([
      [0, 30, 30, 1],
      [0, 45, 85, 1],
      [0, 85, 45, 1],
      [0, 85, 65, 1],
      [0, 85, 85, 1],
      [1, 30, 30, 4],
      [1, 35, 35, 1],
      [1, 65, 30, 1],
      [1, 65, 65, 1],
    ]);
    // Two periods: [label][bin two back, 101 when there is none or it is unscored][max(previous bin, bin)].
    expect(nonZero(h.twoPeriods)).toEqual([
      [0, 45, 85, 1],
      [0, 85, 85, 1],
      [0, 101, 30, 1],
      [0, 101, 85, 2],
      [1, 30, 30, 2],
      [1, 65, 65, 1],
      [1, 70, 35, 1],
      [1, 85, 65, 1],
      [1, 101, 30, 2],
    ]);
    // Confirmed: [label of the next row][previous bin][max(bin, next bin)], whatever the current row's label.
    expect(nonZero(h.confirmed)).toEqual([
      [0, 45, 85, 1],
      [0, 85, 85, 1],
      [1, 30, 30, 2],
      [1, 65, 65, 1],
      [1, 70, 35, 1],
      [1, 85, 65, 1],
    ]);
  });
});

describe('tiersOfRows', () => {
  it("reads each row's tier under the cut points of the configuration that scored it", () => {
    const cuts = (hi: number, lo: number) => Int8Array.from({ length: 101 }, (_, b) => (b >= hi ? 0 : b >= lo ? 1 : 2));
    const tob = [cuts(70, 40), cuts(50, 20)];
    const bins = Int16Array.from([69, 69, -1, 45, 45, 100, 0]);
    expect(Array.from(tiersOfRows(bins, Uint8Array.from([0, 1, 0, 0, 1, 1, 0]), tob))).toEqual([1, 0, -1, 1, 1, 0, 2]);
    // Without an assignment every row is the first configuration's.
    expect(Array.from(tiersOfRows(bins, null, tob))).toEqual([1, 1, -1, 1, 1, 0, 2]);
  });
});

describe('alerts at the first rows of the frame', () => {
  // Rows by date: account 0 Red on all three dates (rows 0, 2, 5); account 2 Yellow, Green, then
  // unscored (rows 1, 4, 7); account 1 only from 28 February (rows 3, 6: Green, then Yellow).
  const rows: [number, number, number, number][] = [
    [0, 0, 10, 0],
    [2, 0, 50, 0],
    [0, 1, 10, 1],
    [1, 1, 80, 0],
    [2, 1, 80, 0],
    [0, 2, 10, 1],
    [1, 2, 50, 0],
    [2, 2, U, 1],
  ];
  function small() {
    const frame = frameOf(
      rows.map(() => ({})),
      { account: Int32Array.from(rows, (r) => r[0]), period: Uint16Array.from(rows, (r) => r[1]) },
      ['SMB'],
      ['2025-01-31', '2025-02-28', '2025-03-31'],
    );
    frame.meta.accountIds = ['A0', 'A1', 'A2'];
    const label = Int8Array.from(rows, (r) => r[3]);
    const bins = Int16Array.from(rows, (r) => (Number.isNaN(r[2]) ? -1 : r[2]));
    return { frame, label, bins };
  }
  // Entering Yellow: account 1 in March (stayed), unconfirmed (no later snapshot). Red twice: account 0
  // in February, once, though its streak began at the frame's first row.
  const expected = [
    stat('enter-yellow', 'Green → Yellow or worse', false, 1, 0),
    stat('enter-yellow-confirmed', 'Green → Yellow or worse', true, 0, 0),
    stat('enter-red', 'Yellow → Red', false, 0, 0),
    stat('enter-red-confirmed', 'Yellow → Red', true, 0, 0),
    stat('red-two-periods', 'Red at two snapshots in a row (30+ days at monthly cadence)', true, 1, 1),
  ];

  it('gives an account first seen later no neighbour before its first row', () => {
    const { prev, next } = neighbourRows(small().frame);
    expect(Array.from(prev)).toEqual([-1, -1, 0, -1, 1, 2, 3, 4]);
    expect(Array.from(next)).toEqual([2, 4, 5, 6, 7, -1, -1, -1]);
  });

  it('counts a streak that starts at row 0 once, row by row and from the histograms (precision null when none fired)', () => {
    const { frame, label, bins } = small();
    const { prev, next } = neighbourRows(frame);
    const tier = Int8Array.from(bins, (b) => (b < 0 ? -1 : tierIndex(b, TRAFFIC_LIGHT)));
    expect(alertBacktest(TRAFFIC_LIGHT, tier, label, prev, next)).toStrictEqual(expected);
    const h = alertHistograms(bins, label, prev, next);
    expect(alertsFromHistograms(TRAFFIC_LIGHT, h)).toStrictEqual(expected);
  });

  it('confirms only against a scored next snapshot', () => {
    const { frame, label, bins } = small();
    const { prev, next } = neighbourRows(frame);
    const h = alertHistograms(bins, label, prev, next);
    // Row 2 (10 after 10, next 10, churned); row 4 (80 after 50) is followed by an unscored snapshot.
    const cells = Array.from(h.confirmed.entries()).filter(([, v]) => v !== 0);
    expect(cells).toEqual([[(1 * 102 + 10) * 102 + 10, 1]]);
  });
});
