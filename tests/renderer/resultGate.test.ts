import { describe, expect, it } from 'vitest';
import type { EvaluationResult, Intervals } from '../../engine/core/api/schema.js';
import { ResultGate } from '../../renderer/compute/resultGate.js';

const result = {} as EvaluationResult;
const intervals = {} as Intervals;
const res = (seq: number, provisional = false) => ({ type: 'result' as const, seq, result, ms: 1, provisional });

describe('which worker answers reach the screen', () => {
  it('drops a result older than the one shown: the screen never steps back', () => {
    const gate = new ResultGate();
    const first = gate.next();
    const second = gate.next();
    expect(second).toBeGreaterThan(first);
    expect(gate.admit(res(second))).toBe(true);
    expect(gate.admit(res(first))).toBe(false);
    expect(gate.admit({ type: 'error', seq: first, message: 'late' })).toBe(false);
    expect(gate.admit({ type: 'error', seq: second, message: 'now' })).toBe(true);
  });

  it('admits the final result after its provisional one, once', () => {
    const gate = new ResultGate();
    const seq = gate.next();
    expect(gate.admit(res(seq, true))).toBe(true);
    expect(gate.admit(res(seq, true))).toBe(false);
    expect(gate.admit(res(seq))).toBe(true);
    expect(gate.admit(res(seq))).toBe(false);
  });

  it('admits intervals only for the result on screen when it is also the latest request', () => {
    const gate = new ResultGate();
    const old = gate.next();
    gate.admit(res(old));
    expect(gate.admit({ type: 'intervals', seq: old, intervals })).toBe(true);
    const newer = gate.next(); // asked, not answered yet: the old result's intervals are now stale
    expect(gate.admit({ type: 'intervals', seq: old, intervals })).toBe(false);
    gate.admit(res(newer));
    expect(gate.admit({ type: 'intervals', seq: newer, intervals })).toBe(true);
  });

  it('numbers requests across gates, so a replaced worker cannot pass for a newer one', () => {
    const before = new ResultGate().next();
    expect(new ResultGate().next()).toBeGreaterThan(before);
  });
});
