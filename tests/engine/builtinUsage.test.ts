/**
 * The usage built-ins as definitions (engine/core/signals/builtinUsage.ts): one per signal, and each
 * rendered expression, run on DuckDB over a few hand-made window aggregates, is unavailable, 0 or the
 * ratio exactly where the rules say. The snapshot and warehouse SQL render these same definitions.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, firstColumn, specDatabase } from '../support/builtinSpecs.js';
import { SIGNALS, SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import {
  USAGE_SIGNALS,
  USAGE_WINDOWS,
  usageAggregates,
  usageSignalSql,
  windowLags,
  type UsageRefs,
  type UsageSignal,
} from '../../engine/core/signals/builtinUsage.js';

/** The usage family, as issue 15 lists it. */
const USAGE_IDS: SignalId[] = [
  'logins_trend',
  'session_trend',
  'api_calls_trend',
  'key_actions_trend',
  'feature_breadth',
  'active_users_change',
  'seat_utilisation',
  'logins_yoy',
  'session_yoy',
  'key_actions_yoy',
  'api_calls_yoy',
  'training_completions',
  'community_actions',
];

const byId = (id: SignalId): UsageSignal => definitionOf(USAGE_SIGNALS, id);

/**
 * One snapshot's aggregates of the signal's measure: per window its sum and how many rows carry it
 * (null sum: no value), the usage rows in the current window, and the seats.
 */
interface Toy {
  cur?: [number | null, number];
  base?: [number | null, number];
  year?: [number | null, number];
  growth?: [number | null, number];
  rowsNow?: number;
  seats?: number | null;
}

const COLUMNS = ['cur', 'base', 'year', 'growth'] as const;
const WINDOW_COLUMN = { current: 'cur', baseline: 'base', year_ago: 'year', growth: 'growth' } as const;

/** Refs over the toy table: one measure per case, so the measure is not part of a column's name. */
const refs: UsageRefs = {
  sum: (w) => `${WINDOW_COLUMN[w]}_sum`,
  count: (w) => `${WINDOW_COLUMN[w]}_n`,
  noCurrentRows: 'rows_now = 0',
  seats: 'seats',
  div: (a, b) => `(${a}) / NULLIF(${b}, 0)`,
};

const database = specDatabase();

const lit = (v: number | null | undefined) => (v === null || v === undefined ? 'NULL' : String(v));

/** The signal's value for each toy snapshot, as DuckDB computes the rendered expression. */
async function values(id: SignalId, toys: Toy[]): Promise<(number | null)[]> {
  const rows = toys.map((t, i) => {
    const cells = COLUMNS.flatMap((c) => {
      const [sum, n] = t[c] ?? [null, 0];
      return [`${lit(sum)}::DOUBLE`, `${n}::DOUBLE`];
    });
    return `(${i}, ${cells.join(', ')}, ${t.rowsNow ?? 0}, ${lit(t.seats)}::DOUBLE)`;
  });
  const names = ['i', ...COLUMNS.flatMap((c) => [`${c}_sum`, `${c}_n`]), 'rows_now', 'seats'];
  return firstColumn(
    database(),
    `SELECT ${usageSignalSql(byId(id), refs)} AS v FROM (VALUES ${rows.join(', ')}) t(${names.join(', ')}) ORDER BY i`,
  );
}

describe('the usage built-in definitions', () => {
  it('define each signal of the usage family exactly once, and nothing outside SIGNAL_IDS', () => {
    const ids = USAGE_SIGNALS.map((s) => s.id);
    expect([...ids].sort()).toEqual([...USAGE_IDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SIGNAL_IDS).toContain(id);
  });

  it('read windows of 1, 3 and 12 months back, and 4, 13 and 52 weeks, as the catalogue says', () => {
    expect(windowLags(USAGE_WINDOWS.monthly, 'current')).toEqual({ from: 0, to: 0 });
    expect(windowLags(USAGE_WINDOWS.monthly, 'baseline')).toEqual({ from: 0, to: 2 });
    expect(windowLags(USAGE_WINDOWS.monthly, 'year_ago')).toEqual({ from: 12, to: 12 });
    expect(windowLags(USAGE_WINDOWS.monthly, 'growth')).toEqual({ from: 3, to: 3 });
    // Weekly: the current 4 weeks a year (52 weeks) back, and active users against weeks 12–15 back.
    expect(windowLags(USAGE_WINDOWS.weekly, 'current')).toEqual({ from: 0, to: 3 });
    expect(windowLags(USAGE_WINDOWS.weekly, 'baseline')).toEqual({ from: 0, to: 12 });
    expect(windowLags(USAGE_WINDOWS.weekly, 'year_ago')).toEqual({ from: 52, to: 55 });
    expect(windowLags(USAGE_WINDOWS.weekly, 'growth')).toEqual({ from: 12, to: 15 });
  });

  it('ask a query for exactly the aggregates their rules read', () => {
    // Community: carried in the baseline (a count), its current-window total (a sum); nothing else.
    expect(usageAggregates([byId('community_actions')])).toEqual([
      { window: 'current', measure: 'community_actions', of: 'sum' },
      { window: 'baseline', measure: 'community_actions', of: 'count' },
    ]);
    expect(usageAggregates([byId('active_users_change')])).toEqual([
      { window: 'current', measure: 'active_users', of: 'sum' },
      { window: 'current', measure: 'active_users', of: 'count' },
      { window: 'growth', measure: 'active_users', of: 'sum' },
      { window: 'growth', measure: 'active_users', of: 'count' },
    ]);
  });
});

describe('a rendered usage signal', () => {
  const BASE: Toy['base'] = [30, 3]; // 10 per row over the baseline

  it('is a trend: current mean per row over the baseline mean, 0 when usage stopped, unavailable without the measure', async () => {
    expect(
      await values('logins_trend', [
        { cur: [5, 1], base: BASE, rowsNow: 1 }, // 5 / 10
        { cur: [null, 0], base: BASE, rowsNow: 0 }, // stopped: no row this month
        { cur: [0, 2], base: BASE, rowsNow: 2 }, // rows, no logins
        { cur: [null, 0], base: [null, 0], rowsNow: 0 }, // the baseline's rows do not carry logins
        { cur: [null, 0], base: BASE, rowsNow: 2 }, // this month's rows leave logins blank
        { cur: [0, 1], base: [0, 3], rowsNow: 1 }, // nothing ever: 0, not 0 / 0
      ]),
    ).toEqual([0.5, 0, 0, null, null, 0]);
  });

  it('is a year-on-year ratio: unavailable without values a year back even when usage stopped', async () => {
    expect(
      await values('logins_yoy', [
        { cur: [6, 1], base: BASE, year: [8, 2], rowsNow: 1 }, // 6 / 4
        { cur: [null, 0], base: BASE, year: [8, 2], rowsNow: 0 }, // stopped
        { cur: [null, 0], base: BASE, year: [null, 0], rowsNow: 0 }, // no usage a year back
        { cur: [6, 1], base: BASE, year: [0, 2], rowsNow: 1 }, // nothing a year back to compare with
        { cur: [6, 1], base: [null, 0], year: [8, 2], rowsNow: 1 }, // the baseline does not carry it
      ]),
    ).toEqual([1.5, 0, null, null, null]);
  });

  it('is a share of the 20 features, 0 without a usage row this month', async () => {
    expect(
      await values('feature_breadth', [
        { cur: [10, 2], base: BASE, rowsNow: 2 }, // 5 per row of 20
        { cur: [null, 0], base: BASE, rowsNow: 0 },
        { cur: [null, 0], base: BASE, rowsNow: 1 }, // a row that leaves features blank
      ]),
    ).toEqual([0.25, 0, null]);
  });

  it('compares active users with the growth window, whatever the baseline carries', async () => {
    expect(
      await values('active_users_change', [
        { cur: [6, 2], growth: [4, 2], rowsNow: 2 }, // 3 / 2
        { cur: [null, 0], growth: [4, 2], rowsNow: 0 }, // no rows now: none active
        { cur: [6, 2], growth: [0, 2], rowsNow: 2 }, // none active back then: no ratio
        { cur: [null, 0], growth: [4, 2], rowsNow: 1 }, // rows now leave the count blank
        { cur: [6, 2], growth: [null, 0], rowsNow: 2 },
      ]),
    ).toEqual([1.5, 0, null, null, null]);
  });

  it('divides active users by seats, unavailable without a positive seat count', async () => {
    expect(
      await values('seat_utilisation', [
        { cur: [6, 2], base: BASE, rowsNow: 2, seats: 4 }, // 3 of 4 seats
        { cur: [null, 0], base: BASE, rowsNow: 0, seats: 4 },
        { cur: [6, 2], base: BASE, rowsNow: 2, seats: 0 },
        { cur: [6, 2], base: BASE, rowsNow: 2, seats: null },
        { cur: [6, 2], base: BASE, rowsNow: 2, seats: -2 }, // a data error, not a utilisation of -150 %
        { cur: [6, 2], base: [null, 0], rowsNow: 2, seats: 4 },
      ]),
    ).toEqual([0.75, 0, null, null, null, null]);
  });

  it('totals training over the baseline and community actions over the current window, when the baseline carries them', async () => {
    expect(
      await values('training_completions', [
        { cur: [null, 0], base: [7, 3], rowsNow: 1 }, // this month's row blank: the baseline total still stands
        { cur: [2, 1], base: [null, 0], rowsNow: 1 },
      ]),
    ).toEqual([7, null]);
    expect(
      await values('community_actions', [
        { cur: [3, 1], base: [5, 3], rowsNow: 1 },
        { cur: [null, 0], base: [5, 3], rowsNow: 0 }, // active earlier in the baseline, not now
        { cur: [3, 1], base: [null, 0], rowsNow: 1 },
      ]),
    ).toEqual([3, 0, null]);
  });
});

describe('the catalogue descriptions', () => {
  /** What a description must mention, from what the definition reads. */
  const mentions = (s: UsageSignal): string[] => {
    const v = s.value;
    const read =
      v.kind === 'ratio'
        ? { baseline: 'baseline', year_ago: 'a year earlier', growth: 'three months earlier' }[v.reference]
        : v.kind === 'share'
          ? v.of === 'seats'
            ? 'seats'
            : `the ${v.of}`
          : v.window === 'baseline'
            ? 'over the baseline'
            : 'current window';
    return [read, ...(s.unavailableWhen.includes('year_ago_empty') ? ['Unavailable without usage a year back'] : [])];
  };

  it.each(USAGE_SIGNALS.map((s) => [s.id, s] as const))('%s names what its definition reads', (id, s) => {
    const description = SIGNALS.find((d) => d.id === id)?.description ?? '';
    for (const phrase of mentions(s)) expect(description).toContain(phrase);
  });
});
