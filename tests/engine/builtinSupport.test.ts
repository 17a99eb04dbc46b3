/**
 * The support built-ins as definitions (engine/core/signals/builtinSupport.ts): one per signal, ticket
 * windows of the catalogue's lengths, each count's filter run on DuckDB over hand-made ticket rows, and
 * each rendered signal run over hand-made per-account aggregates: unavailable or its value exactly where
 * the rules say. The snapshot and warehouse SQL render these same definitions.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, firstColumn, specDatabase } from '../support/builtinSpecs.js';
import { SIGNALS, SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import {
  SUPPORT_SIGNALS,
  TICKET_WINDOWS,
  supportSignalSql,
  ticketCountFilter,
  ticketCountName,
  ticketCounts,
  ticketWindowLags,
  type SupportRefs,
  type SupportSignal,
  type TicketCount,
  type TicketsCarry,
} from '../../engine/core/signals/builtinSupport.js';

const SUPPORT_IDS: SignalId[] = [
  'ticket_volume_ratio',
  'csat_last5',
  'escalations_3m',
  'open_tickets',
  'sentiment_trend',
];

const byId = (id: SignalId): SupportSignal => definitionOf(SUPPORT_SIGNALS, id);

const database = specDatabase();

const lit = (v: number | boolean | string | null | undefined) =>
  v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v);

const column = (sql: string) => firstColumn(database(), sql);

describe('the support built-in definitions', () => {
  it('define each signal of the support family exactly once, and nothing outside SIGNAL_IDS', () => {
    const ids = SUPPORT_SIGNALS.map((s) => s.id);
    expect([...ids].sort()).toEqual([...SUPPORT_IDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SIGNAL_IDS).toContain(id);
  });

  it('count tickets over the current window, the 3 months before it and the last 90 days, monthly and weekly', () => {
    expect(ticketWindowLags(TICKET_WINDOWS.monthly, 'current')).toEqual({ from: 0, to: 0 });
    expect(ticketWindowLags(TICKET_WINDOWS.monthly, 'volume_baseline')).toEqual({ from: 1, to: 3 });
    expect(ticketWindowLags(TICKET_WINDOWS.monthly, 'recent')).toEqual({ from: 0, to: 2 });
    // Weekly: the last 4 weeks, the 12 weeks before them (3 months), the last 13 weeks.
    expect(ticketWindowLags(TICKET_WINDOWS.weekly, 'current')).toEqual({ from: 0, to: 3 });
    expect(ticketWindowLags(TICKET_WINDOWS.weekly, 'volume_baseline')).toEqual({ from: 4, to: 15 });
    expect(ticketWindowLags(TICKET_WINDOWS.weekly, 'recent')).toEqual({ from: 0, to: 12 });
    expect(TICKET_WINDOWS.weekly.volumeBaselineMonths).toBe(3);
  });

  it('ask a query for exactly the counts their rules read', () => {
    expect(ticketCounts().map(ticketCountName)).toEqual([
      'opened_current',
      'opened_volume_baseline',
      'escalated_recent',
      'open_now',
    ]);
    expect(ticketCounts([byId('csat_last5'), byId('sentiment_trend')])).toEqual([]);
  });
});

describe("a ticket count's filter", () => {
  /** Tickets at an as-of date of 2025-03-31: periods back from the snapshot's, escalated, closed at. */
  const TICKETS: [number, boolean | null, string | null][] = [
    [0, true, null], // opened this month, escalated, still open
    [0, false, '2025-03-31 18:00:00'], // closed on the as-of day: not open
    [1, null, '2025-04-01 00:00:00'], // closed the day after: open at the date
    [2, true, '2025-03-02 00:00:00'],
    [3, true, '2025-01-05 00:00:00'], // escalated, but before the last 90 days
    [4, false, null], // before the volume baseline, still open
  ];

  const count = async (c: TicketCount, cadence: 'monthly' | 'weekly' = 'monthly') => {
    const rows = TICKETS.map(([lag, esc, closed]) => `(${lag}, ${lit(esc)}::BOOLEAN, ${lit(closed)}::TIMESTAMP)`);
    const filter = ticketCountFilter(c, TICKET_WINDOWS[cadence], {
      lag: 'lag',
      escalated: 'escalated',
      closedAt: 'closed_at',
      asOf: "DATE '2025-03-31'",
    });
    const [n] = await column(
      `SELECT count(*) FILTER (WHERE ${filter}) FROM (VALUES ${rows.join(', ')}) t(lag, escalated, closed_at)`,
    );
    return n;
  };

  it('counts opened tickets by the window they were opened in', async () => {
    expect(await count({ of: 'opened', window: 'current' })).toBe(2);
    expect(await count({ of: 'opened', window: 'volume_baseline' })).toBe(3);
    // Weekly, lags 0–3 are the current 4 weeks.
    expect(await count({ of: 'opened', window: 'current' }, 'weekly')).toBe(5);
  });

  it('counts escalated tickets of the last 90 days, an unknown flag not escalated', async () => {
    expect(await count({ of: 'escalated', window: 'recent' })).toBe(2);
  });

  it('counts tickets not closed by the end of the as-of date as open', async () => {
    expect(await count({ of: 'open' })).toBe(3);
  });
});

describe('a rendered support signal', () => {
  /** One account's aggregates, and which sources and columns the export carries (all, unless listed). */
  interface Toy {
    counts?: Partial<Record<string, number>>;
    csat?: number | null;
    now?: number | null;
    before?: number | null;
    missing?: TicketsCarry[];
  }
  const COUNTS = ticketCounts().map(ticketCountName);
  const CARRIED: TicketsCarry[] = ['tickets', 'escalated', 'closed_at', 'sentiment'];
  const refs: SupportRefs = {
    carries: (what) => `has_${what}`,
    count: (c: TicketCount) => ticketCountName(c),
    lastRatedMean: 'csat',
    meanNow: 'now',
    meanBefore: 'before',
  };

  async function values(id: SignalId, toys: Toy[]): Promise<(number | null)[]> {
    const rows = toys.map((t, i) => {
      const cells = [
        ...COUNTS.map((c) => `${lit(t.counts?.[c])}::BIGINT`),
        ...[t.csat, t.now, t.before].map((v) => `${lit(v)}::DOUBLE`),
        ...CARRIED.map((c) => String(!(t.missing ?? []).includes(c))),
      ];
      return `(${i}, ${cells.join(', ')})`;
    });
    const names = ['i', ...COUNTS, 'csat', 'now', 'before', ...CARRIED.map((c) => `has_${c}`)];
    return column(
      `SELECT ${supportSignalSql(byId(id), TICKET_WINDOWS.monthly, refs)} FROM (VALUES ${rows.join(', ')}) t(${names.join(', ')}) ORDER BY i`,
    );
  }

  it('is the smoothed ticket volume ratio, 1 for an account without tickets, unavailable without a tickets export', async () => {
    expect(
      await values('ticket_volume_ratio', [
        { counts: { opened_current: 3, opened_volume_baseline: 6 } }, // (3 + 1) / (6 / 3 + 1)
        { counts: { opened_current: 0, opened_volume_baseline: 0 } },
        {}, // no ticket at all
        { counts: { opened_current: 2 }, missing: ['tickets'] },
      ]),
    ).toEqual([4 / 3, 1, 1, null]);
  });

  it('is the mean of the last rated tickets, unavailable when none is rated or without tickets', async () => {
    expect(await values('csat_last5', [{ csat: 4.2 }, { csat: null }, { csat: 4.2, missing: ['tickets'] }])).toEqual([
      4.2,
      null,
      null,
    ]);
  });

  it('counts escalations (0 without tickets), unavailable without the escalation flag', async () => {
    expect(
      await values('escalations_3m', [
        { counts: { escalated_recent: 2 } },
        {},
        { counts: { escalated_recent: 2 }, missing: ['escalated'] },
      ]),
    ).toEqual([2, 0, null]);
  });

  it('counts open tickets, unavailable without closing dates', async () => {
    expect(
      await values('open_tickets', [
        { counts: { open_now: 3 } },
        {},
        { counts: { open_now: 3 }, missing: ['closed_at'] },
      ]),
    ).toEqual([3, 0, null]);
  });

  it('is the change in mean sentiment, unavailable when either period has none or without a sentiment column', async () => {
    expect(
      await values('sentiment_trend', [
        { now: 0.25, before: -0.5 },
        { now: 0.25, before: null },
        { now: null, before: -0.5 },
        { now: 0.25, before: -0.5, missing: ['sentiment'] },
      ]),
    ).toEqual([0.75, null, null, null]);
  });
});

describe('the catalogue descriptions', () => {
  const WITHOUT: Record<string, string> = {
    escalated: 'no escalation flag',
    closed_at: 'no closing dates',
    sentiment: 'no sentiment column',
  };
  /** What a description must mention, from what the definition reads. */
  const mentions = (s: SupportSignal): string[] => {
    const v = s.value;
    const read =
      v.kind === 'volume_ratio'
        ? `${TICKET_WINDOWS.monthly.volumeBaselineMonths} months before it`
        : v.kind === 'last_rated_mean'
          ? `last ${['', 'one', 'two', 'three', 'four', 'five'][v.last]} rated`
          : v.kind === 'mean_change'
            ? `${v.months} months up to the as-of date`
            : v.count.of === 'open'
              ? 'not closed by it'
              : 'last 90 days';
    return [read, ...s.unavailableWithout.flatMap((c) => (WITHOUT[c] ? [WITHOUT[c]] : []))];
  };

  it.each(SUPPORT_SIGNALS.map((s) => [s.id, s] as const))('%s names what its definition reads', (id, s) => {
    const description = SIGNALS.find((d) => d.id === id)?.description ?? '';
    for (const phrase of mentions(s)) expect(description).toContain(phrase);
  });
});
