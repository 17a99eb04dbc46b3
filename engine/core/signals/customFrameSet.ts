/**
 * Which custom columns a snapshot frame holds. A custom signal's values depend only on what its SQL
 * computes (table, column, aggregation, filter, window, comparison, id), not on its label, category
 * or direction, which change how it is shown and scored. So configurations that differ only in those
 * share a frame, and the app need not fetch new snapshots when a label is edited.
 */
import type { CustomSignal } from '../api/schema/customSignal.js';
import { canonicalJson } from '../config/canonical.js';

/** What a custom signal's column holds, as canonical JSON: equal texts, equal columns. */
export function computedJson(signal: CustomSignal): string {
  const { label: _label, category: _category, direction: _direction, ...computed } = signal;
  return canonicalJson(computed);
}

/** The definitions in id order, so the same set in another order names the same frame. */
export const byId = (signals: readonly CustomSignal[]): CustomSignal[] =>
  [...signals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const keys = new WeakMap<readonly CustomSignal[], string>();

/**
 * A name for the custom columns a set of definitions adds ('' for none): two sets with the same key
 * give the same frame. Kept per array, since a slider move copies the configuration but not this list.
 */
export function customFrameKey(signals: readonly CustomSignal[] | undefined): string {
  if (!signals || signals.length === 0) return '';
  let key = keys.get(signals);
  if (key === undefined) keys.set(signals, (key = `[${byId(signals).map(computedJson).join(',')}]`));
  return key;
}
