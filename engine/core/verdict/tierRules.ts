/** Do the tiers sort risk? A real rising trend, tiers large enough to judge, no tier holding the whole book, and warning time. */
import { event, finding, tierName, type Rule } from './input.js';
import { outcomePhrase } from '../backtest/outcomeWords.js';
import { count, pct, perHundred, share } from './words.js';

/** One-sided significance for the rising trend. */
export const TREND_ALPHA = 0.05;
/** A tier with fewer accounts than this in the backtest has a churn rate too noisy to read. */
export const MIN_TIER_ACCOUNTS = 30;
/** An at-risk tier with fewer churners than this cannot show how well it catches them. */
export const MIN_TIER_CHURNERS = 10;
/** More than this share of accounts in one tier: the tiers barely sort the book. */
export const DOMINANT_SHARE = 0.8;
/** Below this share of churners already out of the top tier 60–90 days ahead, the score warns too late. */
export const MIN_LEAD_SHARE = 1 / 3;

/**
 * Churn rate rising from the healthiest tier to the worst, tested for trend
 * (Cochran–Armitage), not by order. The test comes from the account-level
 * evidence: an account sits in many snapshots, and a test over the tier
 * table alone would count it that many times. Without that evidence (a
 * provisional result), no judgement rather than an optimistic one.
 */
export const trendRule: Rule = (v) => {
  const tiers = v.result.backtest.tiers.filter((t) => t.count > 0);
  const test = v.result.backtest.evidence?.tierTrend;
  if (tiers.length < 2 || !test) return [];
  const rates = tiers.map((t) => `${tierName(v, t.tierId)} ${perHundred(t.churnRate ?? 0)}`).join(', ');
  const best = tierName(v, tiers[0]!.tierId),
    worst = tierName(v, tiers[tiers.length - 1]!.tierId);
  const p = `${test.pValue < 0.001 ? 'p < 0.001' : `p = ${test.pValue.toFixed(3)}`} over ${count(test.accounts)} accounts`;
  const figures = {
    z: test.z,
    pValue: test.pValue,
    tiers: tiers.length,
    accounts: test.accounts,
    snapshots: test.snapshots,
    designEffect: test.designEffect,
  };
  const dip = tiers.findIndex((t, i) => i > 0 && (t.churnRate ?? 0) <= (tiers[i - 1]!.churnRate ?? 0));
  const intro = `Accounts that ${outcomePhrase(v.result.backtest)}, per tier: ${rates}`;
  if (test.pValue >= TREND_ALPHA)
    return [
      finding(
        'tier-trend',
        'serious',
        `${intro}. Churn does not clearly rise from ${best} to ${worst} (trend test ${p}): the tiers do not sort risk.`,
        'Treat the tiers as unranked: re-weight the categories or move the cut points (Suggestions) before prioritising by them.',
        figures,
      ),
    ];
  if (dip > 0)
    return [
      finding(
        'tier-trend',
        'caution',
        `${intro}. Churn rises overall from ${best} to ${worst} (trend test ${p}), but ${tierName(v, tiers[dip]!.tierId)} churns no more than ${tierName(v, tiers[dip - 1]!.tierId)}.`,
        `Move the cut between ${tierName(v, tiers[dip - 1]!.tierId)} and ${tierName(v, tiers[dip]!.tierId)}, or merge the two tiers.`,
        figures,
      ),
    ];
  return [
    finding(
      'tier-trend',
      'good',
      `${intro}: churn rises from ${best} to ${worst} (trend test ${p}).`,
      'Keep the tier order; the playbooks can escalate with the tier.',
      figures,
    ),
  ];
};

/** Tiers with too few accounts, or at-risk tiers with too few churners, to judge. */
export const smallTierRule: Rule = (v) => {
  const ev = v.result.backtest.evidence;
  return v.result.backtest.tiers.flatMap((t) => {
    const name = tierName(v, t.tierId);
    const acc = ev?.tiers.find((x) => x.tierId === t.tierId);
    const accounts = acc?.accounts ?? t.count;
    const churners = acc?.churnedAccounts ?? t.churned;
    const figures = { accounts, snapshots: t.count, churnedAccounts: churners, churnRate: t.churnRate };
    if (accounts === 0)
      return [
        finding(
          'tier-too-small',
          'caution',
          `${name} held no account in the evaluated months: nothing to judge it on.`,
          `Move the ${name} cut point so the tier holds accounts, or drop the tier.`,
          figures,
        ),
      ];
    if (accounts < MIN_TIER_ACCOUNTS)
      return [
        finding(
          'tier-too-small',
          'caution',
          `${name} held only ${count(accounts)} accounts in the evaluated months: too few to judge its churn rate (${t.churnRate === null ? '—' : pct(t.churnRate)}).`,
          `Read the ${name} churn rate as unknown; widen the window or move its cut so it holds at least ${MIN_TIER_ACCOUNTS} accounts.`,
          figures,
        ),
      ];
    if (
      v.backtest.atRiskTiers.includes(t.tierId) &&
      (v.backtest.atRiskBelow ?? null) === null &&
      churners < MIN_TIER_CHURNERS
    )
      return [
        finding(
          'tier-too-small',
          'caution',
          `Only ${count(churners)} accounts that ${event(v)} were ever ${name}: too few churners to judge how well ${name} catches them.`,
          `Widen the window or raise the ${name} cut until it holds at least ${MIN_TIER_CHURNERS} churners.`,
          figures,
        ),
      ];
    return [];
  });
};

/** One tier holding most of the book at the as-of date. */
export const dominantTierRule: Rule = (v) => {
  const p = v.result.portfolio;
  if (p.accounts === 0) return [];
  const top = p.tierCounts.reduce((a, b) => (b.count > a.count ? b : a));
  const s = top.count / p.accounts;
  if (s <= DOMINANT_SHARE) return [];
  return [
    finding(
      'one-tier-dominant',
      'caution',
      `${tierName(v, top.tierId)} holds ${pct(s)} of accounts (${count(top.count)} of ${count(p.accounts)}): the tiers barely sort the book.`,
      'Move the cut points so each tier holds a workable share (Suggestions proposes cuts).',
      { tierAccounts: top.count, accounts: p.accounts, share: s },
    ),
  ];
};

/** Lead time: churners already below the top tier 60–90 days before they left. */
export const leadTimeRule: Rule = (v) => {
  const lt = v.result.backtest.evidence?.leadTime;
  if (!lt || lt.churners === 0) return [];
  const s = lt.belowTopTier / lt.churners;
  const top = v.config.tiers.tiers[0]!.name;
  const figures = { churners: lt.churners, belowTopTier: lt.belowTopTier, share: s };
  const who = `${share(s)} churners ${s >= 0.1 && s < 0.5 ? 'was' : 'were'} already below ${top} ${lt.fromDays}–${lt.toDays} days before they left`;
  if (s < MIN_LEAD_SHARE)
    return [
      finding(
        'lead-time',
        'caution',
        `Only ${s === 0 ? `no churner was below ${top} ${lt.fromDays}–${lt.toDays} days before leaving` : who}: the score warns too late to act.`,
        `Give more weight to signals that move early (usage and seat trends), or raise the ${top} cut point.`,
        figures,
      ),
    ];
  return [
    finding(
      'lead-time',
      'good',
      `${who.charAt(0).toUpperCase()}${who.slice(1)} (${count(lt.belowTopTier)} of ${count(lt.churners)}): time to act.`,
      'Keep it: review accounts as soon as they leave the top tier.',
      figures,
    ),
  ];
};
