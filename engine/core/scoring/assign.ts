/**
 * Which configuration scores each snapshot: the first variant whose rule
 * matches the account as it was at the snapshot date (segment, plan, region,
 * ARR, age), else the default. Judged per snapshot, so an account moves from
 * the onboarding configuration to the default on the day it turns N days old.
 */
import type { AssignmentRule } from '../api/schema.js';
import type { ResolvedConfiguration } from '../model/configurations.js';
import { AGE_UNKNOWN, type SnapshotFrame } from '../snapshots/frame.js';

/** What a rule looks at, for one account at one date. */
export interface AccountFacts {
  segment: string;
  plan: string;
  region: string;
  arr: number;
  /** Days since signup; AGE_UNKNOWN when not known. */
  ageDays: number;
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function ruleMatches(rule: AssignmentRule, f: AccountFacts): boolean {
  if (rule.segments && !rule.segments.some((s) => sameText(s, f.segment))) return false;
  if (rule.plans && !rule.plans.some((s) => sameText(s, f.plan))) return false;
  if (rule.regions && !rule.regions.some((s) => sameText(s, f.region))) return false;
  // An unknown ARR is in no band.
  if (rule.arrMin !== undefined && !(f.arr >= rule.arrMin)) return false;
  if (rule.arrBelow !== undefined && !(f.arr < rule.arrBelow)) return false;
  if (rule.ageDaysBelow !== undefined && !(f.ageDays !== AGE_UNKNOWN && f.ageDays < rule.ageDaysBelow)) return false;
  return true;
}

/** Index of the configuration that scores an account with these facts (the default, last, when no rule matches). */
export function configurationFor(configs: readonly ResolvedConfiguration[], f: AccountFacts): number {
  for (let c = 0; c < configs.length - 1; c++) if (ruleMatches(configs[c]!.when!, f)) return c;
  return configs.length - 1;
}

export function factsAt(frame: SnapshotFrame, i: number): AccountFacts {
  const m = frame.meta;
  return {
    segment: m.segments[frame.segment[i]!]!,
    plan: m.plans[frame.plan[i]!]!,
    region: m.regions[frame.region[i]!]!,
    arr: frame.arr[i]!,
    ageDays: frame.ageDays[i]!,
  };
}

/**
 * Configuration index of every snapshot, or null when there is only the
 * default. Segment, plan and region rules are decided once per code, so the
 * row loop only compares numbers.
 */
export function assignConfigurations(
  frame: SnapshotFrame,
  configs: readonly ResolvedConfiguration[],
): Uint8Array | null {
  if (configs.length <= 1) return null;
  const V = configs.length - 1;
  const m = frame.meta;
  const allowed = (labels: string[], list: string[] | undefined) =>
    Uint8Array.from(labels, (l) => (!list || list.some((s) => sameText(s, l)) ? 1 : 0));
  const rules = configs.slice(0, V).map((c) => {
    const r = c.when!;
    return {
      segment: allowed(m.segments, r.segments),
      plan: allowed(m.plans, r.plans),
      region: allowed(m.regions, r.regions),
      arrMin: r.arrMin ?? null,
      arrBelow: r.arrBelow ?? null,
      ageBelow: r.ageDaysBelow ?? null,
    };
  });
  const out = new Uint8Array(frame.n);
  for (let i = 0; i < frame.n; i++) {
    let c = 0;
    for (; c < V; c++) {
      const r = rules[c]!;
      if (!r.segment[frame.segment[i]!] || !r.plan[frame.plan[i]!] || !r.region[frame.region[i]!]) continue;
      const arr = frame.arr[i]!;
      if (r.arrMin !== null && !(arr >= r.arrMin)) continue;
      if (r.arrBelow !== null && !(arr < r.arrBelow)) continue;
      const age = frame.ageDays[i]!;
      if (r.ageBelow !== null && !(age !== AGE_UNKNOWN && age < r.ageBelow)) continue;
      break;
    }
    out[i] = c;
  }
  return out;
}
