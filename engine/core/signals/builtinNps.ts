/**
 * The NPS built-ins as definitions: what each reads of the answers in the months up to the as-of date,
 * and that without an NPS export they are unavailable. The snapshot SQL (engine/node/snapshots/npsSql.ts)
 * and the warehouse SQL (engine/core/export/portableNps.ts) both render these, each naming its own
 * aggregates through NpsRefs, as the usage built-ins are (builtinUsage.ts).
 */
import type { SignalId } from './catalog.js';

/** Answers count when given after the as-of date less this many calendar months, and on or before it. */
export const NPS_MONTHS = 12;

export type NpsValue =
  /** The latest answer's score (same-day answers: the greatest response id); NULL without an answer. */
  | { kind: 'latest' }
  /** How many answers (0 when none). */
  | { kind: 'count' };

export interface NpsSignal {
  id: SignalId;
  value: NpsValue;
  unavailableWithout: readonly 'nps'[];
}

export const NPS_SIGNALS: readonly NpsSignal[] = [
  { id: 'nps_latest', value: { kind: 'latest' }, unavailableWithout: ['nps'] },
  { id: 'nps_responses_12m', value: { kind: 'count' }, unavailableWithout: ['nps'] },
];

/** The condition an answer meets to be read, given its date, the as-of date and that date less n months. */
export function npsWindowSql(respondedAt: string, asOf: string, monthsBefore: (n: number) => string): string {
  return `${respondedAt} <= ${asOf} AND ${respondedAt} > ${monthsBefore(NPS_MONTHS)}`;
}

/** How a query names what an NPS signal reads. */
export interface NpsRefs {
  /** TRUE when the export has NPS answers (a literal, or a query's flag). */
  carries(what: 'nps'): string;
  /** The latest answer's score in the window, and how many answers it holds (NULL when none). */
  latest: string;
  count: string;
}

/** The signal as one SQL expression: NULL without an NPS export, else its value. */
export function npsSignalSql(s: NpsSignal, r: NpsRefs): string {
  const value = s.value.kind === 'latest' ? r.latest : `COALESCE(${r.count}, 0)`;
  return `CASE WHEN NOT (${s.unavailableWithout.map((c) => r.carries(c)).join(' AND ')}) THEN NULL ELSE ${value} END`;
}
