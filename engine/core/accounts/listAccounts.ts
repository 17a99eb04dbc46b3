/**
 * The portfolio at a snapshot date, account by account: score, tier, change
 * since the previous snapshot, and why (category scores and contributions,
 * strongest and weakest category, missing data).
 *
 * The list is paged, and every page asks again with the same model: the
 * frame is scored once per model and the accounts filtered and sorted once
 * per date, sort and filter; a page only explains its own rows.
 */
import type { AccountRow, AccountsRequest, AccountsResponse, ModelConfig, TierScheme } from '../api/schema.js';
import { neighbourRows } from '../backtest/alerts.js';
import { Memo } from '../backtest/memo.js';
import { explainScore } from '../scoring/explain.js';
import { hasInsufficientData } from '../scoring/dataSufficiency.js';
import { configurationOf, scoreFrame, type FrameScores } from '../scoring/score.js';
import { tierIndex } from '../scoring/tiers.js';
import { overrideScore } from '../scoring/overrides.js';
import { signalLabel, signalMovers, signalScorer } from './signalMovers.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/** What every page of a model's list shares: the frame scored under it, and who overrides what. */
interface ScoredAccounts {
  fs: FrameScores;
  prev: Int32Array;
  /** Per configuration, each override's score under that configuration's cut points. */
  forcedScores: (number | null)[][];
  /** Per configuration: its signal scorer, made when a page first shows one of its accounts. */
  scorers: Map<number, ReturnType<typeof signalScorer>>;
  /** The model's custom signal definitions: their labels. */
  customSignals: NonNullable<ModelConfig['customSignals']>;
}

interface FrameLists {
  scored: Memo<string, ScoredAccounts>;
  /** The frame rows of the filtered, sorted list: what pages slice. */
  listed: Memo<string, number[]>;
}

export type ScoreFrame = (frame: SnapshotFrame, config: ModelConfig) => FrameScores;

/** listAccounts scoring with `score`: kept per frame, so pages of one list score it once. */
export function accountLister(
  score: ScoreFrame = scoreFrame,
): (frame: SnapshotFrame, req: AccountsRequest) => AccountsResponse {
  const lists = new WeakMap<SnapshotFrame, FrameLists>();
  return (frame, req) => {
    let memo = lists.get(frame);
    if (!memo) lists.set(frame, (memo = { scored: new Memo(), listed: new Memo() }));
    // By content: each request arrives parsed afresh, so the same model is a new object every page.
    const modelKey = JSON.stringify(req.config);
    const scored = memo.scored.get(modelKey, () => scoreAccounts(frame, req.config, score));
    const needle = req.search.trim().toLowerCase();
    const listKey = JSON.stringify([modelKey, req.asOf, req.sort, req.tierId, needle]);
    const rows = memo.listed.get(listKey, () => listRows(frame, scored, req, needle));
    return {
      total: rows.length,
      rows: rows.slice(req.offset, req.offset + req.limit).map((i) => accountRow(frame, scored, i)),
    };
  };
}

export const listAccounts = accountLister();

function scoreAccounts(frame: SnapshotFrame, config: ModelConfig, score: ScoreFrame): ScoredAccounts {
  const fs = score(frame, config);
  // Tiers and a tier override's score follow the cut points of the account's own configuration.
  const forcedScores = fs.configurations.map((c) => frame.meta.overrides.map((o) => overrideScore(o, c.tiers)));
  return {
    fs,
    prev: neighbourRows(frame).prev,
    forcedScores,
    scorers: new Map(),
    customSignals: config.customSignals ?? [],
  };
}

const schemeOf = (s: ScoredAccounts, i: number): TierScheme => s.fs.configurations[configurationOf(s.fs, i)]!.tiers;

/** The override's score in force at row i, or null. */
function forcedAt(frame: SnapshotFrame, s: ScoredAccounts, i: number): number | null {
  const k = frame.overrideIdx[i]!;
  return k >= 0 ? s.forcedScores[configurationOf(s.fs, i)]![k]! : null;
}

const tierId = (s: ScoredAccounts, score: number, i: number) =>
  schemeOf(s, i).tiers[tierIndex(score, schemeOf(s, i))]!.id;

function change(s: ScoredAccounts, i: number): number | null {
  const { scores } = s.fs;
  const p = s.prev[i]!;
  return p < 0 || Number.isNaN(scores[p]!) || Number.isNaN(scores[i]!) ? null : scores[i]! - scores[p]!;
}

/** The rows at the date that pass the tier and search filters, in the requested order. */
function listRows(frame: SnapshotFrame, s: ScoredAccounts, req: AccountsRequest, needle: string): number[] {
  const { scores } = s.fs;
  const m = frame.meta.periods.indexOf(req.asOf);
  const rows: number[] = [];
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    // The score that decides the tier in force: an override's when one applies.
    const t = forcedAt(frame, s, i) ?? scores[i]!;
    if (req.tierId !== null && (Number.isNaN(t) || tierId(s, t, i) !== req.tierId)) continue;
    if (needle) {
      const a = frame.account[i]!;
      if (
        !frame.meta.accountIds[a]!.toLowerCase().includes(needle) &&
        !frame.meta.accountNames[a]!.toLowerCase().includes(needle)
      )
        continue;
    }
    rows.push(i);
  }
  // Unscored accounts sort last whatever the order; ties by account id keep pages stable.
  const key = (i: number) => {
    const v = req.sort === 'change-asc' ? change(s, i) : scores[i]!;
    return v === null || Number.isNaN(v) ? Number.POSITIVE_INFINITY : req.sort === 'score-desc' ? -v : v;
  };
  rows.sort((x, y) => key(x) - key(y) || frame.account[x]! - frame.account[y]!);
  return rows;
}

/** One account on a page, explained. */
function accountRow(frame: SnapshotFrame, s: ScoredAccounts, i: number): AccountRow {
  const { fs, prev } = s;
  const { scores, configurations, categoryScores: cats } = fs;
  const score = scores[i]!;
  const c = configurationOf(fs, i);
  const own = configurations[c]!;
  const ex = explainScore(
    own,
    cats[c]!.map((col) => col[i]!),
  );
  const a = frame.account[i]!;
  const p = prev[i]!;
  const computedTierId = Number.isNaN(score) ? null : tierId(s, score, i);
  const o = frame.overrideIdx[i]! >= 0 ? frame.meta.overrides[frame.overrideIdx[i]!]! : null;
  const forced = forcedAt(frame, s, i);
  // Movers are judged under the account's configuration today, also at the earlier date.
  if (!s.scorers.has(c)) s.scorers.set(c, signalScorer(frame, own));
  const signalsAt = s.scorers.get(c)!;
  const now = signalsAt(i);
  return {
    accountId: frame.meta.accountIds[a]!,
    name: frame.meta.accountNames[a]!,
    segment: frame.meta.segments[frame.segment[i]!]!,
    onboarding: frame.onboarding[i] === 1,
    configuration: { id: own.id, name: own.name },
    insufficientData: hasInsufficientData(frame, i),
    score: Number.isNaN(score) ? null : score,
    tierId: forced !== null ? tierId(s, forced, i) : computedTierId,
    computedTierId,
    override: o
      ? {
          tier: o.tier,
          score: o.score,
          reason: o.reason,
          author: o.author,
          createdAt: o.createdAt,
          expiresAt: o.expiresAt,
        }
      : null,
    previousScore: p >= 0 && !Number.isNaN(scores[p]!) ? scores[p]! : null,
    change: change(s, i),
    categories: ex.contributions,
    strongest: ex.strongest,
    weakest: ex.weakest,
    missing: ex.missing,
    explanation: ex.text,
    movers: signalMovers(
      { categories: own.categories, customSignals: s.customSignals },
      now,
      p >= 0 ? signalsAt(p) : null,
    ),
    signals: now.map((x) => ({
      signal: x.signal,
      label: signalLabel(x.signal, s.customSignals),
      categoryId: own.categories[x.category]!.id,
      value: x.value === x.value ? x.value : null,
      score: x.score === x.score ? x.score : null,
    })),
  };
}
