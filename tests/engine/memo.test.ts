import { describe, expect, it, vi } from 'vitest';
import { Memo, MemoRow } from '../../engine/core/backtest/memo.js';

describe("memo (the pipeline's cache: the last value per key)", () => {
  it('makes a value once while the key is unchanged, and again when it changes', () => {
    const memo = new Memo<string, number>();
    const make = vi.fn(() => make.mock.calls.length * 10);
    expect([memo.get('a', make), memo.get('a', make)]).toEqual([10, 10]);
    expect(memo.get('b', make)).toBe(20);
    // Only the last key is kept: going back makes the value again.
    expect(memo.get('a', make)).toBe(30);
    expect(make).toHaveBeenCalledTimes(3);
  });
  it('compares object keys by identity, not content', () => {
    const memo = new Memo<object, string>();
    const key = { weight: 1 };
    const make = vi.fn(() => 'made');
    memo.get(key, make);
    memo.get(key, make);
    expect(make).toHaveBeenCalledTimes(1);
    memo.get({ weight: 1 }, make);
    expect(make).toHaveBeenCalledTimes(2);
  });
  it('lets the last value be read with its key without making anything', () => {
    const memo = new Memo<string, number>();
    expect(memo.peek()).toBeNull();
    memo.get('k', () => 7);
    expect(memo.peek()).toEqual({ key: 'k', value: 7 });
  });
  it('keeps nothing when making the value throws', () => {
    const memo = new Memo<string, number>();
    expect(() =>
      memo.get('k', () => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(memo.peek()).toBeNull();
    expect(memo.get('k', () => 3)).toBe(3);
  });
  it('keeps one memo per position, starting afresh when the number of positions changes', () => {
    const row = new MemoRow<string, number>();
    const make = vi.fn(() => make.mock.calls.length);
    row.at(0, 2).get('x', make);
    row.at(1, 2).get('x', make);
    row.at(0, 2).get('x', make);
    expect(make).toHaveBeenCalledTimes(2);
    row.at(0, 3).get('x', make);
    expect(make).toHaveBeenCalledTimes(3);
  });
  it('keeps a memo for a row of one position (a model without variants) from its first use', () => {
    const row = new MemoRow<string, number>();
    expect(row.at(0, 1).get('x', () => 4)).toBe(4);
    expect(row.at(0, 1).get('x', () => 5)).toBe(4);
  });
});
