/**
 * "Your current score" as a scenario: the score a CS platform already computes
 * (imported with the score history, frame.currentScore), judged as it is on
 * the same snapshots as the workbench's configurations. Its ranking metrics
 * come from the imported score; its tiers from the imported statuses when
 * they follow score ranges, else from cut points (the scenario's own, which
 * Compare defaults to the workbench's).
 */
import type { ModelConfig, ScenarioInput, TierScheme } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export const CURRENT_SCORE_NAME = 'Your current score';
/** The one category an imported-score scenario has: its evidence reports the score's own coverage. */
export const CURRENT_SCORE_CATEGORY = 'current_score';

export const isImported = (s: Pick<ScenarioInput, 'score'>) => s.score === 'imported';

/** Each imported status's score range over the snapshots that have one, best status first. */
export function statusRanges(frame: SnapshotFrame): { status: string; min: number; max: number; snapshots: number }[] {
  const meta = frame.meta.currentScore;
  const score = frame.currentScore;
  const status = frame.currentStatus;
  if (!meta || !score || !status) return [];
  const out = meta.statuses.map((s) => ({ status: s, min: Infinity, max: -Infinity, snapshots: 0 }));
  for (let i = 0; i < frame.n; i++) {
    const k = status[i]!;
    const v = score[i]!;
    if (k === 0 || v !== v) continue;
    const r = out[k - 1]!;
    r.snapshots++;
    if (v < r.min) r.min = v;
    if (v > r.max) r.max = v;
  }
  return out.filter((r) => r.snapshots > 0);
}

const fmtScore = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * The tiers of the imported statuses as cut points on the score, when each
 * status holds its own score range (as Gainsight's and ChurnZero's score
 * labels do): a tier starts at the first whole score above the next status's
 * highest. Null, with why, when the statuses cannot be read so.
 */
export function statusTiers(frame: SnapshotFrame, scheme: TierScheme): { scheme: TierScheme } | { why: string } {
  const ranges = statusRanges(frame);
  const tiers = scheme.tiers;
  if (ranges.length === 0) return { why: 'the score history has no status column' };
  if (ranges.length !== tiers.length)
    return {
      why: `its ${ranges.length} statuses (${ranges.map((r) => r.status).join(', ')}) do not match the ${tiers.length} tiers`,
    };
  const mins: number[] = [];
  for (let k = 0; k < ranges.length - 1; k++) {
    const better = ranges[k]!;
    const worse = ranges[k + 1]!;
    const cut = Math.floor(worse.max) + 1;
    if (cut > better.min)
      return {
        why:
          `its statuses overlap in score (${better.status} ${fmtScore(better.min)}–${fmtScore(better.max)}, ` +
          `${worse.status} ${fmtScore(worse.min)}–${fmtScore(worse.max)}): they are not set by score ranges alone`,
      };
    mins.push(cut);
  }
  mins.push(0);
  return {
    scheme: {
      ...scheme,
      tiers: tiers.map((t, k) => ({ ...t, name: ranges[k]!.status, min: mins[k]! })),
    },
  };
}

/**
 * The configuration an imported-score scenario is judged with: one category
 * (the imported score), no variants, and the tiers from the statuses or the
 * scenario's cut points. The note says which, in words for the team.
 */
export function currentScoreScenario(
  frame: SnapshotFrame,
  s: ScenarioInput,
): { scenario: ScenarioInput; notes: string[] } {
  const meta = frame.meta.currentScore;
  if (!meta)
    throw new Error(
      `${s.name}: no score history is loaded. Import your platform's score history (account, date, score, status) to compare your current score.`,
    );
  const notes: string[] = [];
  let tiers = s.config.tiers;
  if (s.tiersFrom === 'status') {
    const fromStatus = statusTiers(frame, tiers);
    if ('scheme' in fromStatus) {
      tiers = fromStatus.scheme;
      const cuts = tiers.tiers.slice(0, -1).map((t) => `${t.name} from ${t.min}`);
      notes.push(
        `${s.name}: tiers are your platform's statuses (${cuts.join(', ')}, ${tiers.tiers.at(-1)!.name} below)`,
      );
    } else {
      notes.push(
        `${s.name}: tiers cannot follow your platform's statuses because ${fromStatus.why}; they use the cut points ${cutList(tiers)} instead`,
      );
    }
  }
  if (meta.oneDate)
    notes.push(
      `${s.name}: every imported score is dated ${meta.oneDate}, so it is one extract. The workbench cannot check that ` +
        'those scores were known on that date (no point-in-time guarantee): if they were computed or exported later, they may ' +
        'already reflect churn that happened after it and read better than they are. Export the score history with the date ' +
        'each score was computed to judge it honestly',
    );
  if (meta.scale === 10) notes.push(`${s.name}: every imported score is 10 or less, so it is read as 1–10 and × 10`);
  const config: ModelConfig = {
    ...s.config,
    name: s.name,
    tiers,
    variants: undefined,
    categories: [
      {
        id: CURRENT_SCORE_CATEGORY,
        name: CURRENT_SCORE_NAME,
        weight: 100,
        // Never read: the imported score replaces the scoring (BacktestPipeline's imported option).
        signals: s.config.categories[0]!.signals.slice(0, 1),
      },
    ],
  };
  return { scenario: { ...s, config, backtest: { ...s.backtest, overrides: 'ignore' } }, notes };
}

const cutList = (scheme: TierScheme) =>
  scheme.tiers
    .slice(0, -1)
    .map((t) => t.min)
    .join(' / ');

/** "Your current score has no score at 1,204 of the baseline's 9,800 snapshots …": what the gap means. */
export function missingScoreNote(
  name: string,
  missing: number,
  total: number,
  staleDays: number,
  whose = "the baseline's",
): string {
  return (
    `${name} has no score in force at ${missing.toLocaleString('en-US')} of ${whose} ${total.toLocaleString('en-US')} snapshots ` +
    `(no score dated on or before the snapshot, or the latest is more than ${staleDays} days old): those are left out of its metrics, ` +
    `so it is judged on a different set of snapshots. To close the gap, export the score history for every account and month`
  );
}
