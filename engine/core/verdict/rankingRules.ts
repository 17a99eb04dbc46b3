/** Does the score rank churners below stayers, and does flagging beat the base rate? On enough churners to tell? */
import { atRiskAccountsNow, atRiskName, churnEvents, event, finding, type Rule } from './input.js';
import { count, perHundred, ratio3, share, times } from './words.js';

/** Churn events below which AUC and tier rates are too noisy to judge (caution) or meaningless (serious). */
export const FEW_EVENTS = { caution: 100, serious: 30 } as const;
/** Without an interval, a point AUC this close to 0.5 is treated as chance. */
export const CHANCE_BAND = 0.55;
/** Lift below this is "barely above the base rate". */
export const WEAK_LIFT = 1.25;

/** The AUC interval: including 0.5 means the score cannot tell churners from stayers. */
export const aucRule: Rule = (v) => {
  const auc = v.result.backtest.auc;
  if (auc === null) return [];
  const ci = v.result.intervals?.auc ?? null;
  const figures = { auc, ciLow: ci?.[0] ?? null, ciHigh: ci?.[1] ?? null };
  const pairs = `${Math.round(auc * 10)} of every 10`;
  const range = ci ? `AUC ${ratio3(auc)}, 95 % CI ${ratio3(ci[0])}–${ratio3(ci[1])}` : `AUC ${ratio3(auc)}`;
  const rethink =
    'Do not prioritise accounts by this score yet: check which categories carry signal (Suggestions) and that the exports cover the months before churn.';
  if (ci && ci[1] < 0.5)
    return [
      finding(
        'auc-chance',
        'serious',
        `The score ranks backwards: churners tend to score higher than accounts that stayed (${range}).`,
        'Check the direction of each signal’s normalisation (worst and best the right way round) before anything else.',
        figures,
      ),
    ];
  if (ci && ci[0] <= 0.5)
    return [
      finding(
        'auc-chance',
        'serious',
        `The score is no better than chance at telling churners from accounts that stayed (${range}; the interval includes 0.5).`,
        rethink,
        figures,
      ),
    ];
  if (!ci && auc < CHANCE_BAND)
    return [
      finding(
        'auc-chance',
        'caution',
        `The score is close to chance at telling churners from accounts that stayed (${range}; its interval is not computed yet).`,
        rethink,
        figures,
      ),
    ];
  return [
    finding(
      'auc',
      'good',
      `In ${pairs} pairs of a churner and an account that stayed, the churner scored lower (${range}).`,
      'Keep it: the score ranks risk; tune the cut points for how many accounts the team can work.',
      figures,
    ),
  ];
};

/** Precision against the base rate: flagged accounts must churn more often than the average one. */
export const precisionRule: Rule = (v) => {
  const m = v.result.backtest.overall;
  if (m.lift === null || m.precision === null || m.baseRate === null) return [];
  const who = atRiskName(v);
  const figures = { precision: m.precision, baseRate: m.baseRate, lift: m.lift };
  const rates = `${perHundred(m.precision)} flagged vs ${perHundred(m.baseRate)} overall`;
  if (m.lift <= 1)
    return [
      finding(
        'precision-vs-base',
        'serious',
        `${who} accounts ${event(v)} no more often than the average account (${rates}): flagging them adds nothing.`,
        'Do not route work by this flag: change the at-risk tiers or cut points (Suggestions) until it beats the base rate.',
        figures,
      ),
    ];
  if (m.lift < WEAK_LIFT)
    return [
      finding(
        'precision-vs-base',
        'caution',
        `${who} accounts ${event(v)} only ${times(m.lift)} as often as the average account (${rates}): barely better than picking at random.`,
        'Raise the at-risk cut or re-weight the categories (Suggestions) so the flagged accounts are clearly riskier.',
        figures,
      ),
    ];
  return [
    finding(
      'precision-vs-base',
      'good',
      `${who} accounts ${event(v)} ${times(m.lift)} as often as the average account (${rates}).`,
      'Keep the flag: working these accounts first targets real risk.',
      figures,
    ),
  ];
};

/** Too few churn events for AUC or tier rates to mean much. */
export const fewChurnersRule: Rule = (v) => {
  const events = churnEvents(v);
  const figures = { churnedAccounts: events, evaluatedSnapshots: v.result.backtest.evaluated };
  const what = v.backtest.outcome === 'renewal' ? 'accounts missed a renewal' : 'accounts churned';
  const next =
    'Widen the window (Backtest design) or wait for more outcomes; read every figure here as a rough guide until then.';
  // None at all is most often a missing outcome export, not a perfect book: every figure would read as a success.
  if (events === 0)
    return [
      finding(
        'few-churners',
        'serious',
        `No ${v.backtest.outcome === 'renewal' ? 'account missed a renewal' : 'account churned'} in the evaluated months: there is nothing to judge the score against.`,
        v.backtest.outcome === 'renewal'
          ? 'Load the renewals export (Account ID, renewal date, renewed yes/no) or widen the window; until then no figure here says anything.'
          : 'Load the churn export (or subscriptions whose ends mark churn), map it on the Data tab, or widen the window; until then no figure here says anything.',
        figures,
      ),
    ];
  if (events < FEW_EVENTS.serious)
    return [
      finding(
        'few-churners',
        'serious',
        `Only ${count(events)} ${what} in the evaluated months: far too few to judge the AUC or the tiers.`,
        next,
        figures,
      ),
    ];
  if (events < FEW_EVENTS.caution)
    return [
      finding(
        'few-churners',
        'caution',
        `Only ${count(events)} ${what} in the evaluated months: the AUC and tier rates can move a lot with a few accounts.`,
        next,
        figures,
      ),
    ];
  return [];
};

/** The share of churners the at-risk set flagged before they left, and how much of the book it holds. */
export const atRiskCatchRule: Rule = (v) => {
  const ev = v.result.backtest.evidence;
  const churners = ev ? ev.churnedAccounts : v.result.backtest.overall.positives;
  const caught = ev ? ev.churnersFlagged : v.result.backtest.overall.confusion.tp;
  if (churners === 0) return [];
  const rate = caught / churners;
  const p = v.result.portfolio;
  const now = atRiskAccountsNow(v);
  const nowShare = p.accounts > 0 ? now / p.accounts : 0;
  const who = atRiskName(v);
  const figures = { churners, caught, share: rate, atRiskAccounts: now, atRiskShare: nowShare };
  const held = `${who} holds ${count(now)} accounts (${(nowShare * 100).toFixed(1)} %)`;
  const caughtText = churnersWere(rate, who);
  if (rate < 0.25) {
    const why = nowShare < 0.05 ? `the ${who} cut is too low` : 'the score misses most churners';
    return [
      finding(
        'at-risk-catches-few',
        rate < 0.1 ? 'serious' : 'caution',
        `${held} and ${caughtText}: ${why}; see Suggestions.`,
        nowShare < 0.05
          ? 'Raise the cut point (Suggestions proposes one for the recall you want), or flag the next tier too.'
          : 'Re-weight the categories (Suggestions) so churners score lower before they leave.',
        figures,
      ),
    ];
  }
  return [
    finding(
      'at-risk-catches-few',
      'good',
      `${held} and ${caughtText}.`,
      'Keep the cut if the team can work that many accounts (Capacity).',
      figures,
    ),
  ];
};

/** "2 of every 100 churners were Red beforehand", "1 in 4 churners was Red beforehand", "no churner was …". */
export function churnersWere(rate: number, who: string): string {
  if (rate <= 0) return `no churner was ${who} beforehand`;
  const one = (rate >= 0.1 && rate < 0.5) || Math.round(rate * 100) === 1;
  return `${share(rate)} churners ${one ? 'was' : 'were'} ${who} beforehand`;
}
