/**
 * The backtest's figures in accounts rather than snapshots, for the verdict:
 * how many distinct accounts and churners each tier held, how many churners
 * the at-risk set flagged before they left, how many were already below the
 * top tier 60–90 days ahead (lead time), whether churn rises along the tiers
 * with each account's snapshots counted together (the trend test needs the
 * account of every snapshot, which the tier table has lost), and whether
 * each category had data and told accounts apart. One pass over the evaluated snapshots, made after
 * the ranking (it needs every snapshot's score), never on the slider path.
 */
import type { BacktestSettings, Evidence } from '../api/schema.js';
import { scoreBin } from '../scoring/tiers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { clusteredCochranArmitage } from '../verdict/trendTest.js';
import { atRiskBins } from './atRisk.js';
import type { ResolvedModel } from './resolvedModel.js';
import type { Evaluated } from './stages.js';

/** Days before the churn in which a warning still leaves time to act. */
export const LEAD_TIME_DAYS = { from: 60, to: 90 } as const;

export interface EvidenceInput {
  frame: SnapshotFrame;
  model: ResolvedModel;
  settings: BacktestSettings;
  evaluated: Evaluated;
  /** Configuration k's raw category scores over the whole frame (NaN where a category has no data). */
  categoryScores: (k: number) => readonly Float32Array[];
}

/** Marks per account, so "distinct accounts with …" is one pass and a count. */
class AccountMarks {
  private readonly marks: Uint8Array;
  count = 0;
  constructor(n: number) {
    this.marks = new Uint8Array(n);
  }
  mark(a: number): void {
    if (this.marks[a] === 0) {
      this.marks[a] = 1;
      this.count++;
    }
  }
}

export function backtestEvidence({
  frame,
  model,
  settings: s,
  evaluated: ev,
  categoryScores,
}: EvidenceInput): Evidence {
  const { configs, tierOfBin } = model;
  const tiers = configs[configs.length - 1]!.tiers.tiers;
  const nAccounts = frame.meta.accountIds.length;
  const scores = ev.scores();
  const atRisk = configs.map((c) => atRiskBins(c.tiers, s));
  const daysTo = s.outcome === 'renewal' ? frame.daysToLapse : frame.daysToChurn;

  const accounts = new AccountMarks(nAccounts);
  const churned = new AccountMarks(nAccounts);
  const flagged = new AccountMarks(nAccounts);
  const tierAccounts = tiers.map(() => new AccountMarks(nAccounts));
  const tierChurned = tiers.map(() => new AccountMarks(nAccounts));
  const leadSeen = new AccountMarks(nAccounts);
  const leadBelow = new AccountMarks(nAccounts);
  // Each evaluated snapshot's tier (-1 unscored), for the account-aware trend test.
  const tierOf = new Int8Array(ev.rows.length).fill(-1);

  for (let j = 0; j < ev.rows.length; j++) {
    const score = scores[j]!;
    if (score !== score) continue; // unscored
    const a = ev.account[j]!;
    const l = ev.layer ? ev.layer[j]! : 0;
    const bin = scoreBin(score);
    const t = tierOfBin[l]![bin]!;
    tierOf[j] = t;
    accounts.mark(a);
    tierAccounts[t]!.mark(a);
    if (ev.labels[j] === 1) {
      churned.mark(a);
      tierChurned[t]!.mark(a);
      if (atRisk[l]![bin]) flagged.mark(a);
    }
    const d = daysTo[ev.rows[j]!]!;
    if (d >= LEAD_TIME_DAYS.from && d <= LEAD_TIME_DAYS.to) {
      leadSeen.mark(a);
      if (t > 0) leadBelow.mark(a);
    }
  }

  return {
    accounts: accounts.count,
    churnedAccounts: churned.count,
    tiers: tiers.map((t, i) => ({
      tierId: t.id,
      accounts: tierAccounts[i]!.count,
      churnedAccounts: tierChurned[i]!.count,
    })),
    churnersFlagged: flagged.count,
    leadTime: {
      fromDays: LEAD_TIME_DAYS.from,
      toDays: LEAD_TIME_DAYS.to,
      churners: leadSeen.count,
      belowTopTier: leadBelow.count,
    },
    tierTrend: tierTrend(tierOf, ev, tiers.length, nAccounts),
    categories: categoryCoverage(model, ev, categoryScores),
  };
}

function tierTrend(tierOf: Int8Array, ev: Evaluated, tiers: number, accounts: number): Evidence['tierTrend'] {
  const t = clusteredCochranArmitage({
    group: tierOf,
    event: ev.labels,
    cluster: ev.account,
    groups: tiers,
    clusters: accounts,
  });
  if (!t) return null;
  return {
    accounts: t.clusters,
    snapshots: t.observations,
    z: t.z,
    pValue: t.pValue,
    snapshotZ: t.snapshotZ,
    designEffect: t.designEffect,
  };
}

/** Each configuration's categories over the evaluated snapshots it scored: with data, and the range of scores. */
function categoryCoverage(
  model: ResolvedModel,
  ev: Evaluated,
  categoryScores: EvidenceInput['categoryScores'],
): Evidence['categories'] {
  return model.configs.flatMap((c, k) => {
    const cols = categoryScores(k);
    return c.categories.map((cat, ci) => {
      const col = cols[ci]!;
      let snapshots = 0,
        withData = 0,
        min = Number.POSITIVE_INFINITY,
        max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < ev.rows.length; j++) {
        if ((ev.layer ? ev.layer[j]! : 0) !== k) continue;
        snapshots++;
        const v = col[ev.rows[j]!]!;
        if (v !== v) continue;
        withData++;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return {
        configurationId: c.id,
        configurationName: c.name,
        categoryId: cat.id,
        name: cat.name,
        weight: cat.weight,
        snapshots,
        withData,
        min: withData > 0 ? min : null,
        max: withData > 0 ? max : null,
      };
    });
  });
}
