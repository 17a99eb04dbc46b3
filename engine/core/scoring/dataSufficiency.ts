/**
 * When a score would mislead: an account with no product usage in the window
 * (new, or not sending data) or with fewer than a third of the signals
 * available is shown as "insufficient data" rather than ranked as if its
 * neutral defaults were measurements.
 */
import { SIGNALS } from '../signals/catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

// One pass over the catalogue, no module-level constants: mutation testing can then switch every part of
// the rule per test (a constant is evaluated once, when the module loads).
export function hasInsufficientData(frame: SnapshotFrame, i: number): boolean {
  let available = 0;
  let usage = false;
  for (const s of SIGNALS) {
    if (Number.isNaN(frame.values[s.id][i]!)) continue;
    available++;
    if (s.category === 'usage') usage = true;
  }
  return !usage || available < Math.ceil(SIGNALS.length / 3);
}
