/**
 * When an account is shown as "insufficient data" instead of ranked: no usage
 * signal at all, or fewer than a third of the 26 signals (so at least 9).
 */
import { describe, expect, it } from 'vitest';
import { hasInsufficientData } from '../../engine/core/scoring/dataSufficiency.js';
import { SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import { frameOf } from './frames.js';

const USAGE: SignalId[] = [
  'key_actions_trend',
  'logins_yoy',
  'logins_trend',
  'session_yoy',
  'key_actions_yoy',
  'feature_breadth',
  'session_trend',
];
const OTHER: SignalId[] = SIGNAL_IDS.filter((s) => !USAGE.includes(s));
/** An account with these signals available (value 0, which is a measurement, not a gap). */
const withSignals = (ids: readonly SignalId[]) => Object.fromEntries(ids.map((id) => [id, 0]));

describe('insufficient data', () => {
  it('the catalogue has 26 signals, 7 of them usage (the threshold below is a third of 26, rounded up: 9)', () => {
    expect(SIGNAL_IDS).toHaveLength(26);
    expect(OTHER).toHaveLength(19);
  });
  it('flags an account with every signal but usage: no product data in the window', () => {
    expect(hasInsufficientData(frameOf([withSignals(OTHER)]), 0)).toBe(true);
  });
  it('accepts a single usage signal when nine signals in all are available, and flags eight', () => {
    const nine = frameOf([withSignals(['feature_breadth', ...OTHER.slice(0, 8)])]);
    const eight = frameOf([withSignals(['feature_breadth', ...OTHER.slice(0, 7)])]);
    expect(hasInsufficientData(nine, 0)).toBe(false);
    expect(hasInsufficientData(eight, 0)).toBe(true);
  });
  it('counts usage signals towards the nine like any other', () => {
    expect(hasInsufficientData(frameOf([withSignals([...USAGE, ...OTHER.slice(0, 2)])]), 0)).toBe(false);
    expect(hasInsufficientData(frameOf([withSignals([...USAGE, OTHER[0]!])]), 0)).toBe(true);
  });
  it('judges each snapshot on its own values', () => {
    const frame = frameOf([withSignals(OTHER), withSignals(SIGNAL_IDS), {}, withSignals(USAGE.slice(0, 1))]);
    expect([0, 1, 2, 3].map((i) => hasInsufficientData(frame, i))).toEqual([true, false, true, true]);
  });
});
