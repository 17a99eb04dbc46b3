/**
 * Churn as episodes: an account can churn, come back and churn again. Pure
 * logic over one account's dates (days since 1970-01-01), no DuckDB, so every
 * case can be worked by hand in a test.
 *
 * Two regimes, decided per account:
 * - With subscription rows, the subscriptions say when the account is active
 *   (start ≤ day < end). Subscriptions whose gap is at most the grace period
 *   belong to one episode (a renewal that started a few days late is not
 *   churn); a longer gap ends the episode at the last end (churn) and the next
 *   start begins a new one (a reactivation). Snapshots are taken only while a
 *   subscription is active, so a day in a short gap has none either: at that
 *   date the account had nothing open.
 * - Without subscription rows, the account is active from its signup date;
 *   a churn event ends the episode, a reactivation event (a churn row flagged
 *   as a reactivation) starts the next one.
 *
 * Every churn row gets an effect, so the Data tab can account for all of them.
 */

export interface SubscriptionSpan {
  start: number;
  /** First day without the subscription; null while it is open. */
  end: number | null;
}

export interface OutcomeEvent {
  day: number;
  /** A churn row flagged as the account coming back. */
  reactivation: boolean;
}

export interface AccountHistory {
  signup: number | null;
  /** Churn rows (churns and reactivations), any order. */
  events: readonly OutcomeEvent[];
  subscriptions: readonly SubscriptionSpan[];
}

/** A stretch of days the account is active, inside one episode. */
export interface ActiveSpan {
  start: number;
  /** First inactive day, null while active through the end of the data. */
  end: number | null;
  /** The episode's churn date (null: no churn observed). */
  churn: number | null;
  /** What account age counts from: the signup for the first episode, the reactivation for later ones. */
  ageFrom: number | null;
  /** Start of the next episode (null: none): a missed renewal after it belongs to that episode. */
  nextStart: number | null;
  /** 1 for the first episode, 2 after the first reactivation, … */
  episode: number;
}

export const EVENT_EFFECTS = [
  'ends an episode',
  'matches a subscription end',
  'starts an episode',
  'matches a subscription start',
  'already churned: no reactivation in between',
  'already active: no churn before it',
  'before the account started',
  'a subscription was still open',
  'no subscription starts near it',
  'account has no start date',
] as const;
export type EventEffect = (typeof EVENT_EFFECTS)[number];

/** Effects that change or confirm an outcome; every other effect is a row with no effect. */
export const USED_EFFECTS: ReadonlySet<EventEffect> = new Set([
  'ends an episode',
  'matches a subscription end',
  'starts an episode',
  'matches a subscription start',
]);

export interface AccountEpisodes {
  spans: ActiveSpan[];
  episodes: number;
  /** Effect of each event, in the order given. */
  effects: EventEffect[];
  /** A churn event dated while a subscription was open (reported once per account). */
  conflict: boolean;
  bySubscriptions: boolean;
}

/** Same-day churn and reactivation: the churn first, so the account ends one episode and starts the next. */
function ordered(events: readonly OutcomeEvent[]): number[] {
  return events
    .map((_, i) => i)
    .sort(
      (a, b) =>
        events[a]!.day - events[b]!.day || Number(events[a]!.reactivation) - Number(events[b]!.reactivation) || a - b,
    );
}

function fromEvents(h: AccountHistory): AccountEpisodes {
  const effects: EventEffect[] = new Array(h.events.length);
  if (h.signup === null) {
    effects.fill('account has no start date');
    return { spans: [], episodes: 0, effects, conflict: false, bySubscriptions: false };
  }
  const spans: ActiveSpan[] = [];
  let open: ActiveSpan | null = {
    start: h.signup,
    end: null,
    churn: null,
    ageFrom: h.signup,
    nextStart: null,
    episode: 1,
  };
  for (const i of ordered(h.events)) {
    const e = h.events[i]!;
    if (e.day < h.signup) effects[i] = 'before the account started';
    else if (!e.reactivation) {
      if (open) {
        open.end = e.day;
        open.churn = e.day;
        spans.push(open);
        open = null;
        effects[i] = 'ends an episode';
      } else effects[i] = 'already churned: no reactivation in between';
    } else if (open) effects[i] = 'already active: no churn before it';
    else {
      spans.at(-1)!.nextStart = e.day;
      open = { start: e.day, end: null, churn: null, ageFrom: e.day, nextStart: null, episode: spans.length + 1 };
      effects[i] = 'starts an episode';
    }
  }
  if (open) spans.push(open);
  return { spans, episodes: spans.length, effects, conflict: false, bySubscriptions: false };
}

interface Block {
  start: number;
  end: number | null;
  spans: { start: number; end: number | null }[];
}

function fromSubscriptions(h: AccountHistory, graceDays: number, observedThrough: number): AccountEpisodes {
  const subs = [...h.subscriptions].sort((a, b) => a.start - b.start);
  // Active spans: overlapping or touching subscriptions merged; blocks: spans whose gaps are within the grace period.
  const blocks: Block[] = [];
  for (const s of subs) {
    const b = blocks.at(-1);
    if (b && (b.end === null || s.start - b.end <= graceDays)) {
      const span = b.spans.at(-1)!;
      if (span.end !== null && s.start > span.end) b.spans.push({ start: s.start, end: s.end });
      else span.end = span.end === null || s.end === null ? null : Math.max(span.end, s.end);
      b.end = b.spans.at(-1)!.end;
    } else blocks.push({ start: s.start, end: s.end, spans: [{ start: s.start, end: s.end }] });
  }
  // An end after the last observed date has not happened yet as far as the data knows.
  for (const b of blocks) if (b.end !== null && b.end > observedThrough) b.end = null;
  const spans: ActiveSpan[] = blocks.flatMap((b, k) =>
    b.spans.map((s) => ({
      start: s.start,
      end: s.end,
      churn: b.end,
      ageFrom: k === 0 ? (h.signup ?? b.start) : b.start,
      nextStart: blocks[k + 1]?.start ?? null,
      episode: k + 1,
    })),
  );
  let conflict = false;
  const effects = h.events.map((e): EventEffect => {
    if (e.reactivation) {
      return blocks.some((b, k) => k > 0 && Math.abs(e.day - b.start) <= graceDays)
        ? 'matches a subscription start'
        : 'no subscription starts near it';
    }
    if (blocks.some((b) => b.end !== null && Math.abs(e.day - b.end) <= graceDays)) return 'matches a subscription end';
    if (blocks.some((b) => b.spans.some((s) => s.start <= e.day && (s.end === null || e.day < s.end)))) {
      conflict = true;
      return 'a subscription was still open';
    }
    return e.day < (blocks[0]?.start ?? Infinity)
      ? 'before the account started'
      : 'already churned: no reactivation in between';
  });
  return { spans, episodes: blocks.length, effects, conflict, bySubscriptions: true };
}

/** The account's active spans and what each of its churn rows did. */
export function accountEpisodes(h: AccountHistory, graceDays: number, observedThrough: number): AccountEpisodes {
  return h.subscriptions.length > 0 ? fromSubscriptions(h, graceDays, observedThrough) : fromEvents(h);
}
