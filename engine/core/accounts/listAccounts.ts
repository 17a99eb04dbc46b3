/**
 * The portfolio at a snapshot date, account by account: score, tier, change
 * since the previous snapshot, and why (category scores and contributions,
 * strongest and weakest category, missing data).
 */
import type { AccountRow, AccountsRequest, AccountsResponse } from '../api/schema.js';
import { neighbourRows } from '../backtest/alerts.js';
import { explainScore } from '../scoring/explain.js';
import { hasInsufficientData } from '../scoring/dataSufficiency.js';
import { configurationOf, scoreFrame } from '../scoring/score.js';
import { tierIndex } from '../scoring/tiers.js';
import { overrideScore } from '../scoring/overrides.js';
import { signalMovers, signalScorer } from './signalMovers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export function listAccounts(frame: SnapshotFrame, req: AccountsRequest): AccountsResponse {
  const { config } = req;
  const fs = scoreFrame(frame, config);
  const { categoryScores: cats, scores, configurations } = fs;
  const { prev } = neighbourRows(frame);
  const m = frame.meta.periods.indexOf(req.asOf);
  const needle = req.search.trim().toLowerCase();
  // Tiers and a tier override's score follow the cut points of the account's own configuration.
  const forcedScores = configurations.map((c) => frame.meta.overrides.map((o) => overrideScore(o, c.tiers)));
  const schemeOf = (i: number) => configurations[configurationOf(fs, i)]!.tiers;
  const forcedAt = (i: number) => {
    const k = frame.overrideIdx[i]!;
    return k >= 0 ? forcedScores[configurationOf(fs, i)]![k]! : null;
  };
  /** The score that decides the tier in force: an override's when one applies. */
  const tierScore = (i: number) => forcedAt(i) ?? scores[i]!;
  const tierId = (score: number, i: number) => schemeOf(i).tiers[tierIndex(score, schemeOf(i))]!.id;
  const rows: number[] = [];
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    const t = tierScore(i);
    if (req.tierId !== null && (Number.isNaN(t) || tierId(t, i) !== req.tierId)) continue;
    if (needle) {
      const a = frame.account[i]!;
      if (!frame.meta.accountIds[a]!.toLowerCase().includes(needle) && !frame.meta.accountNames[a]!.toLowerCase().includes(needle)) continue;
    }
    rows.push(i);
  }
  const change = (i: number) => {
    const p = prev[i]!;
    return p < 0 || Number.isNaN(scores[p]!) || Number.isNaN(scores[i]!) ? null : scores[i]! - scores[p]!;
  };
  // Unscored accounts sort last whatever the order; ties by account id keep pages stable.
  const key = (i: number) => {
    const v = req.sort === 'change-asc' ? change(i) : scores[i]!;
    return v === null || Number.isNaN(v) ? Number.POSITIVE_INFINITY : req.sort === 'score-desc' ? -v : v;
  };
  rows.sort((x, y) => key(x) - key(y) || frame.account[x]! - frame.account[y]!);
  const scorers = new Map<number, ReturnType<typeof signalScorer>>();
  const page = rows.slice(req.offset, req.offset + req.limit).map((i): AccountRow => {
    const s = scores[i]!;
    const c = configurationOf(fs, i);
    const own = configurations[c]!;
    const ex = explainScore(own, cats[c]!.map((col) => col[i]!));
    const a = frame.account[i]!;
    const p = prev[i]!;
    const computedTierId = Number.isNaN(s) ? null : tierId(s, i);
    const o = frame.overrideIdx[i]! >= 0 ? frame.meta.overrides[frame.overrideIdx[i]!]! : null;
    const forced = forcedAt(i);
    // Movers are judged under the account's configuration today, also at the earlier date.
    if (!scorers.has(c)) scorers.set(c, signalScorer(frame, own));
    const signalsAt = scorers.get(c)!;
    return {
      accountId: frame.meta.accountIds[a]!,
      name: frame.meta.accountNames[a]!,
      segment: frame.meta.segments[frame.segment[i]!]!,
      onboarding: frame.onboarding[i] === 1,
      configuration: { id: own.id, name: own.name },
      insufficientData: hasInsufficientData(frame, i),
      score: Number.isNaN(s) ? null : s,
      tierId: forced !== null ? tierId(forced, i) : computedTierId,
      computedTierId,
      override: o ? { tier: o.tier, score: o.score, reason: o.reason, author: o.author, createdAt: o.createdAt, expiresAt: o.expiresAt } : null,
      previousScore: p >= 0 && !Number.isNaN(scores[p]!) ? scores[p]! : null,
      change: change(i),
      categories: ex.contributions,
      strongest: ex.strongest,
      weakest: ex.weakest,
      missing: ex.missing,
      explanation: ex.text,
      movers: signalMovers(own, signalsAt(i), p >= 0 ? signalsAt(p) : null),
    };
  });
  return { total: rows.length, rows: page };
}
