/**
 * Churn as episodes and subscriptions, for the warehouse SQL (portableSql.ts): the rules of
 * engine/node/snapshots/episodes.ts and the snapshot SQL's subscription steps, evaluated at one
 * as-of date in the SQL that DuckDB and PostgreSQL share. Steps read "params2" (as_of, and
 * arr_before_at: the date the subscription change compares ARR with, core/signals/builtinBilling.ts)
 * and, for the per-account subscription figures, "snap".
 */

const D = 'DOUBLE PRECISION';

/**
 * Without subscriptions an account is active from its signup; a churn row ends the episode and a
 * row flagged as a reactivation starts the next (churn before reactivation on the same day; rows
 * before the signup have no effect). So at a date the account is active when no churn row lies
 * between its signup and the date, or a reactivation does on or after the last such churn, and its
 * age counts from the first of those reactivations (the one that started the episode).
 *
 * With subscriptions (accounts that have any dated subscription row, in the whole table) the
 * account is active while a subscription is open (start ≤ date < end). Subscriptions whose gap
 * after the latest end so far is at most the grace period are one episode; age counts from the
 * signup in the first episode (its first start without a signup) and from the episode's first
 * start in later ones. Churn rows then change nothing, as in the engine.
 */
export function episodesSql(subscriptions: boolean, graceDays: number): string {
  const events = `churn_ev AS (
  SELECT c.account_id, c.churn_date AS day, COALESCE(c.reactivation, FALSE) AS reactivation
  FROM churn c JOIN accounts a ON a.account_id = c.account_id CROSS JOIN params2 p
  WHERE c.churn_date >= a.signup_date AND c.churn_date <= p.as_of
),
last_churn AS (
  SELECT account_id, MAX(day) AS day FROM churn_ev WHERE NOT reactivation GROUP BY account_id
),
comeback AS (
  SELECT l.account_id, MIN(e.day) AS day
  FROM last_churn l JOIN churn_ev e ON e.account_id = l.account_id AND e.reactivation AND e.day >= l.day
  GROUP BY l.account_id
)`;
  if (!subscriptions) return events;
  if (!Number.isInteger(graceDays) || graceDays < 0)
    throw new Error(`graceDays must be a whole number of days ≥ 0, got ${graceDays}`);
  return `${events},
-- Trials count as active but pay nothing; ARR from MRR × 12 when only MRR is known; bm: months per billing period (0: weekly).
sub_rows AS (
  SELECT account_id, start_date, end_date, plan, seats, subscription_id,
    CASE WHEN COALESCE(trial, LOWER(TRIM(status)) IN ('trialing', 'in_trial', 'trial')) THEN CAST(0 AS ${D})
      ELSE CAST(COALESCE(arr, mrr * 12) AS ${D}) END AS arr,
    CASE WHEN LOWER(billing_period) LIKE '%week%' THEN 0 WHEN LOWER(billing_period) LIKE '%quarter%' THEN 3
      WHEN LOWER(billing_period) LIKE '%half%' OR LOWER(billing_period) LIKE '%semi%' OR LOWER(billing_period) LIKE '%six%' THEN 6
      WHEN LOWER(billing_period) LIKE '%month%' THEN 1 ELSE 12 END AS bm
  FROM subscriptions WHERE start_date IS NOT NULL
),
sub_accounts AS (
  SELECT DISTINCT account_id FROM sub_rows
),
sub_prev AS (
  SELECT account_id, start_date, end_date,
    MAX(COALESCE(end_date, DATE '9999-12-31')) OVER (PARTITION BY account_id ORDER BY start_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM sub_rows
),
sub_blocks AS (
  SELECT account_id, start_date, end_date,
    SUM(CASE WHEN prev_end IS NULL OR start_date - prev_end > ${graceDays} THEN 1 ELSE 0 END)
      OVER (PARTITION BY account_id ORDER BY start_date ROWS UNBOUNDED PRECEDING) AS block
  FROM sub_prev
),
block_start AS (
  SELECT account_id, block, MIN(start_date) AS start_date FROM sub_blocks GROUP BY account_id, block
),
sub_age AS (
  SELECT b.account_id, MAX(CASE WHEN b.block = 1 THEN COALESCE(a.signup_date, bs.start_date) ELSE bs.start_date END) AS age_from
  FROM sub_blocks b JOIN block_start bs ON bs.account_id = b.account_id AND bs.block = b.block
    JOIN accounts a ON a.account_id = b.account_id CROSS JOIN params2 p
  WHERE b.start_date <= p.as_of AND (b.end_date IS NULL OR b.end_date > p.as_of)
  GROUP BY b.account_id
)`;
}

/**
 * What the subscriptions open at the date say (the engine's subs_now, subs_before): how many, ARR,
 * seats, the next end of a billing period, the plan of the largest (ties: latest start, then id;
 * subscriptions without a plan are passed over), and ARR at arr_before_at.
 */
export function subscriptionFiguresSql(): string {
  const months = (n: string) => `CAST(sb.start_date + (${n}) * INTERVAL '1 month' AS DATE)`;
  const d = `(s.m - (CAST(EXTRACT(YEAR FROM sb.start_date) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM sb.start_date) AS INTEGER) - 1))`;
  const periods = `CAST(FLOOR(CAST(${d} AS ${D}) / sb.bm) AS INTEGER)`;
  return `subs_now AS (
  SELECT s.account_id, COUNT(*) AS n, SUM(sb.arr) AS arr, SUM(sb.seats) AS seats,
    MIN(CASE WHEN sb.bm = 0 THEN sb.start_date + 7 * (CAST(FLOOR(CAST(s.as_of - sb.start_date AS ${D}) / 7) AS INTEGER) + 1)
      WHEN ${months(`${periods} * sb.bm`)} > s.as_of THEN ${months(`${periods} * sb.bm`)}
      ELSE ${months(`(${periods} + 1) * sb.bm`)} END) AS next_renewal
  FROM snap s JOIN sub_rows sb ON sb.account_id = s.account_id AND sb.start_date <= s.as_of
    AND (sb.end_date IS NULL OR sb.end_date > s.as_of)
  GROUP BY s.account_id
),
subs_plan AS (
  SELECT account_id, plan FROM (
    SELECT s.account_id, sb.plan,
      ROW_NUMBER() OVER (PARTITION BY s.account_id ORDER BY COALESCE(sb.arr, -1) DESC, sb.start_date DESC, COALESCE(sb.subscription_id, '') DESC) AS r
    FROM snap s JOIN sub_rows sb ON sb.account_id = s.account_id AND sb.start_date <= s.as_of
      AND (sb.end_date IS NULL OR sb.end_date > s.as_of) AND sb.plan IS NOT NULL
  ) x WHERE r = 1
),
subs_before AS (
  SELECT s.account_id, SUM(sb.arr) AS arr
  FROM snap s JOIN sub_rows sb ON sb.account_id = s.account_id AND sb.start_date <= s.arr_before_at
    AND (sb.end_date IS NULL OR sb.end_date > s.arr_before_at)
  GROUP BY s.account_id
),
has_subs AS MATERIALIZED (
  SELECT (SELECT COUNT(arr) + COUNT(mrr) FROM subscriptions) > 0 AS arr, (SELECT COUNT(seats) FROM subscriptions) > 0 AS seats
)`;
}
