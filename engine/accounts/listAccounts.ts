/**
 * The portfolio at a snapshot date, account by account: score, tier, change
 * since the previous snapshot, and why (category scores and contributions,
 * strongest and weakest category, missing data).
 */
import type { AccountRow, AccountsRequest, AccountsResponse } from '../api/schema.js';
import { neighbourRows } from '../backtest/alerts.js';
import { explainScore } from '../scoring/explain.js';
import { hasInsufficientData } from '../scoring/dataSufficiency.js';
import { scoreFrame } from '../scoring/score.js';
import { tierIndex } from '../scoring/tiers.js';
import { overrideScore } from '../scoring/overrides.js';
import { signalMovers, signalScorer } from './signalMovers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export function listAccounts(frame: SnapshotFrame, req: AccountsRequest): AccountsResponse {
  const { config } = req;
  const { categoryScores: cats, scores } = scoreFrame(frame, config);
  const { prev } = neighbourRows(frame);
  const m = frame.meta.periods.indexOf(req.asOf);
  const needle = req.search.trim().toLowerCase();
  const forcedScores = frame.meta.overrides.map((o) => overrideScore(o, config.tiers));
  /** The score that decides the tier in force: an override's when one applies. */
  const tierScore = (i: number) => {
    const k = frame.overrideIdx[i]!;
    return k >= 0 && forcedScores[k] !== null ? forcedScores[k]! : scores[i]!;
  };
  const rows: number[] = [];
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    const t = tierScore(i);
    if (req.tierId !== null && (Number.isNaN(t) || config.tiers.tiers[tierIndex(t, config.tiers)]!.id !== req.tierId)) continue;
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
  const signalsAt = signalScorer(frame, config);
  const page = rows.slice(req.offset, req.offset + req.limit).map((i): AccountRow => {
    const s = scores[i]!;
    const ex = explainScore(config, cats.map((c) => c[i]!));
    const a = frame.account[i]!;
    const p = prev[i]!;
    const computedTierId = Number.isNaN(s) ? null : config.tiers.tiers[tierIndex(s, config.tiers)]!.id;
    const o = frame.overrideIdx[i]! >= 0 ? frame.meta.overrides[frame.overrideIdx[i]!]! : null;
    const forced = o ? forcedScores[frame.overrideIdx[i]!]! : null;
    return {
      accountId: frame.meta.accountIds[a]!,
      name: frame.meta.accountNames[a]!,
      segment: frame.meta.segments[frame.segment[i]!]!,
      onboarding: frame.onboarding[i] === 1,
      insufficientData: hasInsufficientData(frame, i),
      score: Number.isNaN(s) ? null : s,
      tierId: forced !== null ? config.tiers.tiers[tierIndex(forced, config.tiers)]!.id : computedTierId,
      computedTierId,
      override: o ? { tier: o.tier, score: o.score, reason: o.reason, author: o.author, createdAt: o.createdAt, expiresAt: o.expiresAt } : null,
      previousScore: p >= 0 && !Number.isNaN(scores[p]!) ? scores[p]! : null,
      change: change(i),
      categories: ex.contributions,
      strongest: ex.strongest,
      weakest: ex.weakest,
      missing: ex.missing,
      explanation: ex.text,
      movers: signalMovers(config, signalsAt(i), p >= 0 ? signalsAt(p) : null),
    };
  });
  return { total: rows.length, rows: page };
}
