/** The breakdowns the backtest reports per group: segment, plan, region, lifecycle. */
import type { Dimension } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export interface GroupCodes {
  dimension: Dimension;
  labels: string[];
  codes: Uint8Array;
}

export function groupCodes(frame: SnapshotFrame): GroupCodes[] {
  return [
    { dimension: 'segment', labels: frame.meta.segments, codes: frame.segment },
    { dimension: 'plan', labels: frame.meta.plans, codes: frame.plan },
    { dimension: 'region', labels: frame.meta.regions, codes: frame.region },
    { dimension: 'lifecycle', labels: ['Established', 'Onboarding'], codes: frame.onboarding },
  ];
}
