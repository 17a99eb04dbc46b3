/**
 * When a score would mislead: an account with no product usage in the window
 * (new, or not sending data) or with fewer than a third of the signals
 * available is shown as "insufficient data" rather than ranked as if its
 * neutral defaults were measurements.
 */
import { SIGNALS } from '../signals/catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

const USAGE = SIGNALS.filter((s) => s.category === 'usage').map((s) => s.id);
const MIN_AVAILABLE = Math.ceil(SIGNALS.length / 3);

export function hasInsufficientData(frame: SnapshotFrame, i: number): boolean {
  if (USAGE.every((id) => Number.isNaN(frame.values[id][i]!))) return true;
  let available = 0;
  for (const s of SIGNALS) if (!Number.isNaN(frame.values[s.id][i]!)) available++;
  return available < MIN_AVAILABLE;
}
