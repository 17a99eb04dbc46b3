/**
 * The warehouse SQL's episode steps refuse a grace period that is not a whole number of days ≥ 0 (the
 * request schema rejects one before it gets here; the SQL builder must not write `> -1` or `> 1.5`).
 * What the SQL computes is checked by running it (portableSqlEpisodes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { episodesSql } from '../../engine/core/export/portableEpisodes.js';

describe('episodesSql grace period', () => {
  it('refuses a negative or fractional grace period, naming it', () => {
    expect(() => episodesSql(true, -1)).toThrow('graceDays must be a whole number of days ≥ 0, got -1');
    expect(() => episodesSql(true, 1.5)).toThrow('graceDays must be a whole number of days ≥ 0, got 1.5');
    expect(() => episodesSql(true, Number.NaN)).toThrow('got NaN');
  });
  it('takes 0 and whole days, and reads no grace period without subscriptions', () => {
    expect(() => episodesSql(true, 0)).not.toThrow();
    expect(() => episodesSql(true, 365)).not.toThrow();
    expect(() => episodesSql(false, -1)).not.toThrow();
  });
});
