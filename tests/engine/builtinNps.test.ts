/**
 * The NPS built-ins as definitions (engine/core/signals/builtinNps.ts): one per signal, the 12-month
 * window run on DuckDB over hand-made answers, and each rendered signal over hand-made aggregates. The
 * snapshot and warehouse SQL render these same definitions.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, firstColumn, specDatabase } from '../support/builtinSpecs.js';
import { SIGNAL_IDS, type SignalId } from '../../engine/core/signals/catalog.js';
import { NPS_SIGNALS, npsSignalSql, npsWindowSql, type NpsSignal } from '../../engine/core/signals/builtinNps.js';

const byId = (id: SignalId): NpsSignal => definitionOf(NPS_SIGNALS, id);

const database = specDatabase();

const column = (sql: string) => firstColumn(database(), sql);

describe('the NPS built-in definitions', () => {
  it('define nps_latest and nps_responses_12m exactly once, and nothing outside SIGNAL_IDS', () => {
    const ids = NPS_SIGNALS.map((s) => s.id);
    expect([...ids].sort()).toEqual(['nps_latest', 'nps_responses_12m']);
    for (const id of ids) expect(SIGNAL_IDS).toContain(id);
  });

  it('read answers given after the date a year back and on or before the as-of date', async () => {
    const window = npsWindowSql('d', "DATE '2025-06-30'", (n) => `(DATE '2025-06-30' - INTERVAL ${n} MONTH)`);
    const days = ['2024-06-30', '2024-07-01', '2025-06-30', '2025-07-01'];
    expect(
      await column(
        `SELECT (${window})::INTEGER FROM (VALUES ${days.map((d, i) => `(${i}, DATE '${d}')`).join(', ')}) t(i, d) ORDER BY i`,
      ),
    ).toEqual([0, 1, 1, 0]);
  });
});

describe('a rendered NPS signal', () => {
  const refs = { carries: () => 'has_nps', latest: 'latest', count: 'n' };
  const values = (id: SignalId, rows: [number | null, number | null, boolean][]) =>
    column(
      `SELECT ${npsSignalSql(byId(id), refs)} FROM (VALUES ${rows
        .map(([latest, n, has], i) => `(${i}, ${latest ?? 'NULL'}::DOUBLE, ${n ?? 'NULL'}::BIGINT, ${has})`)
        .join(', ')}) t(i, latest, n, has_nps) ORDER BY i`,
    );

  it('is the latest answer, unavailable without one or without an NPS export', async () => {
    expect(
      await values('nps_latest', [
        [9, 2, true],
        [null, null, true],
        [9, 2, false],
      ]),
    ).toEqual([9, null, null]);
  });

  it('counts the answers, 0 without one, unavailable without an NPS export', async () => {
    expect(
      await values('nps_responses_12m', [
        [9, 2, true],
        [null, null, true],
        [9, 2, false],
      ]),
    ).toEqual([2, 0, null]);
  });
});
