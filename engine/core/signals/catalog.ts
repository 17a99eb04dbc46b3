/**
 * The signal library: every raw signal the snapshot builder computes per
 * account and as-of date. Values are raw (ratios, counts, days); the model's
 * normalisation turns them into 0–100. A signal whose source data is absent
 * for an account is NaN (unavailable), never zero.
 *
 * Windows are whole periods ending at the snapshot date: at monthly cadence
 * "last 30 days" is the snapshot month and the "90-day baseline" that month
 * and the two before; at weekly cadence they are the last 4 and 13 weeks.
 * Period buckets let DuckDB aggregate events once instead of rescanning
 * 90 days of rows for every snapshot. Below, "the current window" and "the
 * baseline" mean exactly these. Every built-in's rules (what it reads, when
 * it is unavailable or 0) are definitions, one module per family
 * (builtinUsage.ts, builtinSupport.ts, builtinBilling.ts, builtinNps.ts,
 * builtinRenewal.ts), which the snapshot SQL and the warehouse SQL both render.
 */
export const CATEGORY_IDS = ['usage', 'support', 'billing', 'engagement', 'growth'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const SIGNAL_IDS = [
  'logins_trend',
  'feature_breadth',
  'session_trend',
  'ticket_volume_ratio',
  'csat_last5',
  'escalations_3m',
  'open_tickets',
  'max_days_overdue',
  'late_payments_6m',
  'days_to_renewal',
  'nps_latest',
  'nps_responses_12m',
  'active_users_change',
  'seat_utilisation',
  'api_calls_trend',
  'logins_yoy',
  'key_actions_trend',
  'payment_current',
  'subscription_change',
  'sentiment_trend',
  'training_completions',
  'community_actions',
  'session_yoy',
  'key_actions_yoy',
  'api_calls_yoy',
  'active_subscriptions',
] as const;
export type SignalId = (typeof SIGNAL_IDS)[number];

/** A signal a configuration defines (`customSignals`, api/schema/customSignal.ts), by its `custom.` id. */
export type CustomSignalId = `custom.${string}`;
/** Any signal a category may list: a built-in or a configuration's own. */
export type AnySignalId = SignalId | CustomSignalId;

export const isCustomSignalId = (id: string): id is CustomSignalId => id.startsWith('custom.');

/** The SQL column holding a signal: a built-in's id, or `custom_<name>` (a dot is no plain identifier). */
export const signalColumnName = (id: AnySignalId): string => (isCustomSignalId(id) ? `custom_${id.slice(7)}` : id);

export interface SignalDefinition {
  id: SignalId;
  label: string;
  category: CategoryId;
  unit: string;
  description: string;
}

export const SIGNALS: readonly SignalDefinition[] = [
  {
    id: 'key_actions_trend',
    label: 'Key-action trend',
    category: 'usage',
    unit: 'ratio',
    description:
      'Key actions (the events that deliver value) per usage row in the current window divided by the same over the baseline. 0 when none happened in the current window.',
  },
  {
    id: 'logins_yoy',
    label: 'Logins vs a year ago',
    category: 'usage',
    unit: 'ratio',
    description:
      'Logins per usage row in the current window divided by the same window a year earlier: the seasonal comparison for businesses with a yearly rhythm. Unavailable without usage a year back.',
  },
  {
    id: 'logins_trend',
    label: 'Login trend',
    category: 'usage',
    unit: 'ratio',
    description:
      "Logins per usage row in the current window divided by the same over the baseline (≈ 30-day vs 90-day). 0 when usage stopped in the current window; unavailable when the account's usage rows do not carry logins.",
  },
  {
    id: 'session_yoy',
    label: 'Session time vs a year ago',
    category: 'usage',
    unit: 'ratio',
    description:
      'Session minutes per usage row in the current window divided by the same window a year earlier. Unavailable without usage a year back.',
  },
  {
    id: 'key_actions_yoy',
    label: 'Key actions vs a year ago',
    category: 'usage',
    unit: 'ratio',
    description:
      'Key actions per usage row in the current window divided by the same window a year earlier. Unavailable without usage a year back.',
  },
  {
    id: 'feature_breadth',
    label: 'Feature breadth',
    category: 'usage',
    unit: 'share',
    description: 'Average distinct features used per usage row in the current window, as a share of the 20 available.',
  },
  {
    id: 'session_trend',
    label: 'Session time trend',
    category: 'usage',
    unit: 'ratio',
    description: 'Session minutes per usage row in the current window relative to the baseline.',
  },
  {
    id: 'api_calls_yoy',
    label: 'API calls vs a year ago',
    category: 'growth',
    unit: 'ratio',
    description:
      'API calls per usage row in the current window divided by the same window a year earlier. Unavailable without usage a year back.',
  },
  {
    id: 'ticket_volume_ratio',
    label: 'Ticket volume vs baseline',
    category: 'support',
    unit: 'ratio',
    description:
      '(Tickets opened in the current window + 1) / (monthly average over the 3 months before it + 1). Above 2 is a spike.',
  },
  {
    id: 'csat_last5',
    label: 'CSAT, last 5 rated tickets',
    category: 'support',
    unit: '1–5',
    description: 'Mean CSAT of the last five rated tickets closed on or before the as-of date; unavailable when none.',
  },
  {
    id: 'escalations_3m',
    label: 'Escalations (90 days)',
    category: 'support',
    unit: 'count',
    description:
      'Escalated tickets opened in the last 90 days. Unavailable when the tickets export has no escalation flag.',
  },
  {
    id: 'open_tickets',
    label: 'Open tickets',
    category: 'support',
    unit: 'count',
    description:
      'Tickets opened on or before the as-of date and not closed by it. Unavailable when the tickets export has no closing dates.',
  },
  {
    id: 'max_days_overdue',
    label: 'Days overdue',
    category: 'billing',
    unit: 'days',
    description:
      'Largest number of days any invoice due in the 12 months up to the as-of date was still unpaid at it (0 when all paid). Older debts are written off or with collections, not a health signal. Unavailable when the invoices export has no due or paid dates.',
  },
  {
    id: 'late_payments_6m',
    label: 'Late payments (180 days)',
    category: 'billing',
    unit: 'count',
    description:
      'Invoices due in the last 180 days that were paid after their due date or are still unpaid. Unavailable without due or paid dates.',
  },
  {
    id: 'payment_current',
    label: 'Payment status current',
    category: 'billing',
    unit: '1 / 0',
    description:
      "1 when every invoice due in the 12 months up to the as-of date was paid by it, 0 when one was still unpaid (failed or overdue). Rebuilt from due and paid dates: an export's status column describes the export date, so using it would leak later events into earlier snapshots. Unavailable without due or paid dates: not a perfect record.",
  },
  {
    id: 'subscription_change',
    label: 'Subscription change',
    category: 'billing',
    unit: 'ratio',
    description:
      'With a subscriptions export: ARR of the subscriptions active at the as-of date divided by the ARR of those active 3 months earlier (0 when everything has ended). Otherwise the average invoice amount issued in the 3 months up to the as-of date divided by the average of the 9 months before. Above 1 an upgrade, below 1 a downgrade, 1 stable. Unavailable without subscriptions 3 months earlier, or invoices in both periods.',
  },
  {
    id: 'days_to_renewal',
    label: 'Days to renewal',
    category: 'billing',
    unit: 'days',
    description:
      'Days from the as-of date to the next renewal: with a subscriptions export, the nearest end of a billing period of the subscriptions active then (unavailable when none is); else the renewal date in the accounts export when it falls within the next 12 months; else the next anniversary of the signup date (of the reactivation, for an account that came back).',
  },
  {
    id: 'active_subscriptions',
    label: 'Active subscriptions',
    category: 'billing',
    unit: 'count',
    description:
      'Subscriptions started on or before the as-of date and not yet ended. Unavailable without a subscriptions export, or for an account with no subscription in it.',
  },
  {
    id: 'sentiment_trend',
    label: 'Ticket sentiment trend',
    category: 'support',
    unit: '−2…2',
    description:
      'Average sentiment (−1 negative … 1 positive) of tickets opened in the 3 months up to the as-of date minus that of the 3 months before. Unavailable when the tickets export has no sentiment column, or either period has no rated ticket.',
  },
  {
    id: 'nps_latest',
    label: 'Latest NPS',
    category: 'engagement',
    unit: '0–10',
    description: 'Most recent NPS answer in the 365 days up to the as-of date; unavailable when none.',
  },
  {
    id: 'nps_responses_12m',
    label: 'Survey responses (365 days)',
    category: 'engagement',
    unit: 'count',
    description: 'NPS answers in the last 365 days: how responsive the account is.',
  },
  {
    id: 'training_completions',
    label: 'Training completions',
    category: 'engagement',
    unit: 'count',
    description:
      "Courses, lessons or certifications completed by the account's users over the baseline (≈ 90 days). Unavailable when the account's usage rows in the baseline do not carry a training count (no such column, or left blank).",
  },
  {
    id: 'community_actions',
    label: 'Community activity',
    category: 'engagement',
    unit: 'count',
    description:
      'Community posts, replies and similar actions in the current window (≈ 30 days); 0 when the account was active in the community earlier in the baseline but not now. Unavailable when its usage rows in the baseline carry no community count.',
  },
  {
    id: 'active_users_change',
    label: 'Active users change',
    category: 'growth',
    unit: 'ratio',
    description: 'Average active users in the current window relative to the same length of time three months earlier.',
  },
  {
    id: 'seat_utilisation',
    label: 'Seat utilisation',
    category: 'growth',
    unit: 'share',
    description: 'Average active users in the current window divided by licensed seats.',
  },
  {
    id: 'api_calls_trend',
    label: 'API call trend',
    category: 'growth',
    unit: 'ratio',
    description: 'API calls per usage row in the current window relative to the baseline.',
  },
];

export const CATEGORY_LABELS: Record<CategoryId, string> = {
  usage: 'Usage',
  support: 'Support',
  billing: 'Billing',
  engagement: 'Engagement',
  growth: 'Growth',
};
